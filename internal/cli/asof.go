package cli

import (
	"fmt"
	"time"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/profile"
)

// asOfDate reads --as-of: the civil date given, or today's from now when
// the flag is not given. Given empty (an unset variable in a CI script),
// it is refused rather than read as today.
func asOfDate(given bool, value string, now func() time.Time) (time.Time, error) {
	if given && value == "" {
		return time.Time{}, usageErrorf("--as-of needs a date, YYYY-MM-DD (is the variable it came from empty?); leave it out for today")
	}
	if value != "" {
		d, err := profile.ParseDate(value)
		if err != nil {
			return time.Time{}, &usageError{err: fmt.Errorf("--as-of: %w", err)}
		}
		return d, nil
	}
	if now == nil {
		now = time.Now
	}
	y, m, d := now().Date()
	return calendar.Date(y, m, d), nil
}
