// Package calendar is socpick's date arithmetic on civil dates (UTC
// midnight): months that keep month ends, days between dates, and the
// YYYY-MM-DD form every output uses. The rules decide durations; this
// package only counts.
package calendar

import "time"

// Date is the civil date y-m-d at UTC midnight.
func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Today is the current civil date.
func Today() time.Time { return Date(time.Now().Date()) }

// AddMonths moves t by n months (n may be negative). A month end stays a
// month end (2023-02-28 + 12 = 2024-02-29; 2025-09-30 + 3 = 2025-12-31),
// and a day past the target month's end is that month's end (2025-01-31
// + 1 = 2025-02-28).
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	ty, tm, _ := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC).Date()
	if d == lastDay(y, m) || d > lastDay(ty, tm) {
		d = lastDay(ty, tm)
	}
	return Date(ty, tm, d)
}

// AddMonthsDay moves t by n months keeping its day, or the target
// month's last day when it has fewer (2026-01-31 + 1 = 2026-02-28), but
// not sticking to month ends (2028-02-29 + 1 = 2028-03-29): a date a
// number of months from a day, such as a deadline.
func AddMonthsDay(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	ty, tm, _ := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC).Date()
	return Date(ty, tm, min(d, lastDay(ty, tm)))
}

func lastDay(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

// EndOfMonth is the last day of t's month.
func EndOfMonth(t time.Time) time.Time {
	y, m, _ := t.Date()
	return Date(y, m, lastDay(y, m))
}

// DaysBetween counts the days from one date to another; both are civil
// dates in UTC, so every day is 24 hours long.
func DaysBetween(from, to time.Time) int { return int(to.Sub(from) / (24 * time.Hour)) }

// MonthsUntil is the number of whole months from from to to, rounded up:
// 0 when to is not after from, 1 for any part of the first month.
func MonthsUntil(from, to time.Time) int {
	if !to.After(from) {
		return 0
	}
	n := 0
	for AddMonths(from, n).Before(to) {
		n++
	}
	return n
}

// MonthsSince is the number of whole months from from to to, rounded
// down: 0 until a month has passed.
func MonthsSince(from, to time.Time) int {
	n := 0
	for !AddMonths(from, n+1).After(to) {
		n++
	}
	return n
}

// MonthStart is t when it is the first of a month, else the first of the
// next month.
func MonthStart(t time.Time) time.Time {
	if t.Day() == 1 {
		return t
	}
	return EndOfMonth(t).AddDate(0, 0, 1)
}

// LastMonthEnd is t when it is a month end, else the end of the month
// before.
func LastMonthEnd(t time.Time) time.Time {
	if t.Equal(EndOfMonth(t)) {
		return t
	}
	return Date(t.Year(), t.Month(), 1).AddDate(0, 0, -1)
}

// Day writes t as YYYY-MM-DD.
func Day(t time.Time) string { return t.Format(time.DateOnly) }
