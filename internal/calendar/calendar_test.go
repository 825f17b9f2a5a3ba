package calendar

import (
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAddMonths(t *testing.T) {
	for _, tt := range []struct {
		from string
		n    int
		want string
	}{
		{"2025-06-30", 12, "2026-06-30"},
		{"2024-02-29", 12, "2025-02-28"}, // a leap day's month end
		{"2023-02-28", 12, "2024-02-29"}, // a month end stays a month end
		{"2025-09-30", 3, "2025-12-31"},
		{"2025-01-31", 1, "2025-02-28"},
		{"2025-06-15", 12, "2026-06-15"},
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-11-29", -6, "2026-05-29"},
		{"2027-02-28", -12, "2026-02-28"}, // February year-end back a year
	} {
		if got := Day(AddMonths(d(tt.from), tt.n)); got != tt.want {
			t.Errorf("%s %+d months = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestMonthsUntil(t *testing.T) {
	for _, tt := range []struct {
		from, to string
		want     int
	}{
		{"2026-11-29", "2026-11-29", 0},
		{"2026-11-29", "2026-11-28", 0},
		{"2026-11-29", "2026-11-30", 1},
		{"2026-11-29", "2026-12-29", 1},
		{"2026-11-29", "2026-12-30", 2},
		{"2026-01-31", "2026-02-28", 1},
		{"2026-11-29", "2027-11-29", 12},
	} {
		if got := MonthsUntil(d(tt.from), d(tt.to)); got != tt.want {
			t.Errorf("MonthsUntil(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestEndOfMonth(t *testing.T) {
	if got := Day(EndOfMonth(d("2028-02-10"))); got != "2028-02-29" {
		t.Errorf("got %s", got)
	}
}

func TestAddMonthsDay(t *testing.T) {
	for _, tt := range []struct {
		from string
		n    int
		want string
	}{
		{"2028-02-29", 1, "2028-03-29"},
		{"2026-01-31", 1, "2026-02-28"},
		{"2026-11-29", 3, "2027-02-28"},
		{"2026-11-29", 4, "2027-03-29"},
		{"2026-09-30", 3, "2026-12-30"},
	} {
		if got := Day(AddMonthsDay(d(tt.from), tt.n)); got != tt.want {
			t.Errorf("%s %+d months = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestMonthsSinceMonthStartLastMonthEnd(t *testing.T) {
	for _, tt := range []struct {
		from, to string
		want     int
	}{
		{"2026-01-31", "2026-01-31", 0}, {"2026-01-31", "2026-02-27", 0}, {"2026-01-31", "2026-02-28", 1},
		{"2026-03-15", "2026-04-14", 0}, {"2026-03-15", "2026-04-15", 1}, {"2025-11-29", "2026-11-29", 12},
	} {
		if got := MonthsSince(d(tt.from), d(tt.to)); got != tt.want {
			t.Errorf("MonthsSince(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
	for in, want := range map[string]string{"2026-03-01": "2026-03-01", "2026-03-02": "2026-04-01", "2026-12-31": "2027-01-01"} {
		if got := Day(MonthStart(d(in))); got != want {
			t.Errorf("MonthStart(%s) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{"2026-02-28": "2026-02-28", "2026-03-30": "2026-02-28", "2024-03-01": "2024-02-29"} {
		if got := Day(LastMonthEnd(d(in))); got != want {
			t.Errorf("LastMonthEnd(%s) = %s, want %s", in, got, want)
		}
	}
}
