package cli

import (
	"fmt"
	"time"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/profile"
)

// The dates --as-of accepts: plans and freshness are about years near
// today, and a date far out would print years of five digits.
var (
	earliestAsOf = calendar.Date(1970, time.January, 1)
	latestAsOf   = calendar.Date(2199, time.December, 31)
)

// asOfDate reads --as-of: the civil date given, or today's from now when
// the flag is not given. Given empty (an unset variable in a CI script),
// it is refused rather than read as today.
func asOfDate(given bool, value string, now func() time.Time) (time.Time, error) {
	return dateFlag("--as-of", given, value, now)
}

// dateFlag reads a date flag named flag, as asOfDate does.
func dateFlag(flag string, given bool, value string, now func() time.Time) (time.Time, error) {
	if given && value == "" {
		return time.Time{}, usageErrorf("%s needs a date, YYYY-MM-DD (is the variable it came from empty?); leave it out for today", flag)
	}
	if value != "" {
		d, err := profile.ParseDate(value)
		if err != nil {
			return time.Time{}, &usageError{err: fmt.Errorf("%s: %w", flag, err)}
		}
		if d.Before(earliestAsOf) || d.After(latestAsOf) {
			return time.Time{}, usageErrorf("%s: %s is out of range (want a date from %s to %s)", flag, value, calendar.Day(earliestAsOf), calendar.Day(latestAsOf))
		}
		return d, nil
	}
	if now == nil {
		now = time.Now
	}
	return calendar.Date(now().Date()), nil
}
