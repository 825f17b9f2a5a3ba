package check_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/strictyaml"
	"github.com/socpick/socpick/rules"
)

// fixtureDir is the small ruleset written for the tests (see its
// questions.yaml): findings are judged against its catalog, so that the
// default ruleset can change without changing these tests.
const fixtureDir = "../../testdata/fixture-rules"

var catalog = func() *engine.Catalog {
	rs, err := engine.Load(os.DirFS(fixtureDir))
	if err != nil {
		panic(err)
	}
	return rs.Catalog
}()

func date(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// type2 is a held Type II report whose period ends on end, at line.
func type2(t testing.TB, report, end string, line int, criteria ...string) profile.HeldReport {
	e := date(t, end)
	return profile.HeldReport{Report: report, Type: "type2", PeriodStart: e.AddDate(-1, 0, 1), PeriodEnd: e,
		Criteria: withSecurity(report, criteria), Pos: strictyaml.Pos{Line: line, Column: 5}}
}

func type1(t testing.TB, report, asOf string, line int, criteria ...string) profile.HeldReport {
	return profile.HeldReport{Report: report, Type: "type1", AsOf: date(t, asOf),
		Criteria: withSecurity(report, criteria), Pos: strictyaml.Pos{Line: line, Column: 5}}
}

func withSecurity(report string, criteria []string) []string {
	if report == "soc1" {
		return nil
	}
	return append([]string{"security"}, criteria...)
}

func recommend(reports ...engine.Report) *engine.Decision { return &engine.Decision{Reports: reports} }

func rec(report, typ string, criteria ...string) engine.Report {
	return engine.Report{Report: report, Type: engine.TypeID(typ), Criteria: withSecurity(report, criteria)}
}

func prof(held ...profile.HeldReport) *profile.Profile {
	return &profile.Profile{Name: "acme", Held: held, HeldPos: strictyaml.Pos{Line: 20, Column: 1}, Pos: strictyaml.Pos{Line: 1, Column: 1}}
}

// codes renders findings as "code@line" for comparison.
func codes(fs []check.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s@%d", f.Code, f.Line))
	}
	return strings.Join(out, " ")
}

func TestFreshnessBoundaries(t *testing.T) {
	soc1 := recommend(rec("soc1", "type2"))
	soc2t1 := recommend(rec("soc2", "type1"))
	tests := []struct {
		name string
		held profile.HeldReport
		d    *engine.Decision
		asOf string
		want string
	}{
		// A Type II period ending 2025-06-30 is current through 2026-06-30
		// and goes stale on 2026-07-01.
		{"exactly 12 months after the period end", type2(t, "soc1", "2025-06-30", 21), soc1, "2026-06-30",
			"expiring-report@21 bridge-letter-needed@21"},
		{"a day more than 12 months", type2(t, "soc1", "2025-06-30", 21), soc1, "2026-07-01", "stale-report@21"},
		{"goes stale in exactly 90 days", type2(t, "soc1", "2025-06-30", 21), soc1, "2026-04-02",
			"expiring-report@21 bridge-letter-needed@21"},
		{"goes stale in 91 days", type2(t, "soc1", "2025-06-30", 21), soc1, "2026-04-01", "bridge-letter-needed@21"},
		// A Type I counts from its as-of date.
		{"type1 exactly 12 months", type1(t, "soc2", "2025-11-22", 21), soc2t1, "2026-11-22", "expiring-report@21"},
		{"type1 a day more", type1(t, "soc2", "2025-11-22", 21), soc2t1, "2026-11-23", "stale-report@21"},
		// 12 months after a leap day is the last day of February.
		{"leap day end, last current day", type2(t, "soc1", "2024-02-29", 21), soc1, "2025-02-28",
			"expiring-report@21 bridge-letter-needed@21"},
		{"leap day end, first stale day", type2(t, "soc1", "2024-02-29", 21), soc1, "2025-03-01", "stale-report@21"},
		// A month end stays a month end: 12 months after 2023-02-28 is
		// 2024-02-29.
		{"month end before a leap year, last current day", type2(t, "soc1", "2023-02-28", 21), soc1, "2024-02-29",
			"expiring-report@21 bridge-letter-needed@21"},
		{"month end before a leap year, first stale day", type2(t, "soc1", "2023-02-28", 21), soc1, "2024-03-01", "stale-report@21"},
		{"mid-month end keeps its day", type2(t, "soc1", "2025-06-15", 21), soc1, "2026-06-16", "stale-report@21"},
		// Bridge letters: more than 3 months after the period end.
		{"exactly 3 months after the period end", type2(t, "soc1", "2026-06-30", 21), soc1, "2026-09-30", ""},
		{"a day more than 3 months", type2(t, "soc1", "2026-06-30", 21), soc1, "2026-10-01", "bridge-letter-needed@21"},
		{"3 months ending on a leap day", type2(t, "soc1", "2023-11-30", 21), soc1, "2024-02-29", ""},
		{"a day after that leap day", type2(t, "soc1", "2023-11-30", 21), soc1, "2024-03-01", "bridge-letter-needed@21"},
		// 3 months after September 30 is December 31, not 30.
		{"3 months after 09-30", type2(t, "soc1", "2026-09-30", 21), soc1, "2026-12-31", ""},
		{"a day more", type2(t, "soc1", "2026-09-30", 21), soc1, "2027-01-01", "bridge-letter-needed@21"},
		{"3 months after 2025-02-28 is 05-31", type2(t, "soc1", "2025-02-28", 21), soc1, "2025-05-31", ""},
		// A SOC 3 is judged by its period, but takes no bridge letter: the
		// SOC 2 it comes from does.
		{"a SOC 3 long after its period", type2(t, "soc3", "2026-06-30", 21), recommend(rec("soc3", "")), "2026-11-22", ""},
		// A report cannot speak for a date still to come: most likely a typo.
		{"a period ending after the as-of date", type2(t, "soc1", "2026-12-31", 21), soc1, "2026-11-22", "future-report@21"},
		{"a type1 dated the day after", type1(t, "soc2", "2026-11-23", 21), soc2t1, "2026-11-22", "future-report@21"},
		{"a type1 dated the as-of date", type1(t, "soc2", "2026-11-22", 21), soc2t1, "2026-11-22", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := codes(check.Findings(prof(tt.held), tt.d, date(t, tt.asOf), catalog))
			if got != tt.want {
				t.Errorf("as of %s: got %q, want %q", tt.asOf, got, tt.want)
			}
		})
	}
}

func TestBridgeLetter(t *testing.T) {
	d := recommend(rec("soc1", "type2"))
	asOf := date(t, "2026-11-22")
	h := type2(t, "soc1", "2026-06-30", 21)

	h.BridgeLetterThrough = date(t, "2026-11-22")
	if got := codes(check.Findings(prof(h), d, asOf, catalog)); got != "" {
		t.Errorf("a bridge letter through the as-of date: got %q, want no finding", got)
	}
	h.BridgeLetterThrough = date(t, "2026-11-21")
	fs := check.Findings(prof(h), d, asOf, catalog)
	if got := codes(fs); got != "bridge-letter-needed@21" {
		t.Fatalf("a bridge letter ending the day before: got %q", got)
	}
	if !strings.Contains(fs[0].Message, "its bridge letter ends 2026-11-21") {
		t.Errorf("message does not say when the letter ends: %q", fs[0].Message)
	}
	if fs[0].Severity != check.Warning || fs[0].Report != "soc1" || fs[0].Column != 5 {
		t.Errorf("got %+v, want a warning about soc1 at column 5", fs[0])
	}
}

func TestCoverage(t *testing.T) {
	asOf := date(t, "2026-11-22")
	fresh := "2026-09-30"
	tests := []struct {
		name string
		held []profile.HeldReport
		d    *engine.Decision
		want string
	}{
		{"nothing held: at the top of the file", nil, recommend(rec("soc2", "type2")), "missing-report@1"},
		{"another report held: at the held key", []profile.HeldReport{type2(t, "soc1", fresh, 21)},
			recommend(rec("soc1", "type2"), rec("soc2", "type2")), "missing-report@20"},
		{"type1 held, type2 recommended", []profile.HeldReport{type1(t, "soc2", fresh, 21)},
			recommend(rec("soc2", "type2")), "weaker-type@21"},
		{"type2 held, type1 recommended", []profile.HeldReport{type2(t, "soc2", fresh, 21)},
			recommend(rec("soc2", "type1")), ""},
		{"criteria lacking", []profile.HeldReport{type2(t, "soc2", fresh, 21, "availability")},
			recommend(rec("soc2", "type2", "availability", "confidentiality")), "missing-criteria@21"},
		{"more criteria than needed", []profile.HeldReport{type2(t, "soc2", fresh, 21, "availability", "privacy")},
			recommend(rec("soc2", "type2", "availability")), ""},
		{"held, not recommended", []profile.HeldReport{type2(t, "soc1", fresh, 21), type2(t, "soc3", fresh, 25)},
			recommend(rec("soc1", "type2")), "unneeded-report@25"},
		{"nothing recommended", []profile.HeldReport{type2(t, "soc2", "2020-01-31", 21)},
			recommend(), "unneeded-report@21"},
		// Renewals: the entry that meets the type wins over a newer weaker
		// one; among equals the most recent is judged.
		{"renewal: older type2 over newer type1",
			[]profile.HeldReport{type1(t, "soc2", fresh, 21), type2(t, "soc2", "2026-06-30", 25)},
			recommend(rec("soc2", "type2")), "bridge-letter-needed@25"},
		{"renewal: the newest type2",
			[]profile.HeldReport{type2(t, "soc2", "2024-06-30", 21), type2(t, "soc2", fresh, 25)},
			recommend(rec("soc2", "type2")), ""},
		{"every code of a report on its entry",
			[]profile.HeldReport{type1(t, "soc2", "2025-01-31", 21)},
			recommend(rec("soc2", "type2", "privacy")), "weaker-type@21 missing-criteria@21 stale-report@21"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := prof(tt.held...)
			if tt.held == nil {
				p.HeldPos = strictyaml.Pos{}
			}
			if got := codes(check.Findings(p, tt.d, asOf, catalog)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMessages(t *testing.T) {
	asOf := date(t, "2026-11-22")
	held := []profile.HeldReport{type1(t, "soc2", "2025-09-30", 21, "availability")}
	d := recommend(rec("soc1", "type2"), rec("soc2", "type2", "availability", "processing-integrity", "confidentiality"))
	got := map[string]string{}
	for _, f := range check.Findings(prof(held...), d, asOf, catalog) {
		got[f.Code] = f.Message
	}
	want := map[string]string{
		check.MissingReport:   "SOC 1 Type II is recommended and no SOC 1 is held",
		check.WeakerType:      "SOC 2 Type I is held, but SOC 2 Type II is recommended",
		check.MissingCriteria: "the held SOC 2 Type I lacks Processing Integrity and Confidentiality, which the rules recommend (held: Security and Availability)",
		check.StaleReport:     "the held SOC 2 Type I is stale: more than 12 months have passed since its as-of date, 2025-09-30 (current through 2026-09-30)",
	}
	for code, prefix := range want {
		if !strings.HasPrefix(got[code], prefix) {
			t.Errorf("%s: got %q, want it to start %q", code, got[code], prefix)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got codes %v, want %d", got, len(want))
	}

	held = []profile.HeldReport{type2(t, "soc1", "2025-12-31", 21)}
	got = map[string]string{}
	for _, f := range check.Findings(prof(held...), recommend(rec("soc1", "type2")), date(t, "2026-12-01"), catalog) {
		got[f.Code] = f.Message
	}
	want = map[string]string{
		check.ExpiringReport: "the held SOC 1 Type II is current through 2026-12-31 (12 months after its period end, 2025-12-31) and stale from 2027-01-01, in 31 days; plan the next report",
		check.BridgeLetterNeeded: "the held SOC 1 Type II period ended 2025-12-31, more than 3 months before 2026-12-01, and no bridge letter is recorded (bridge_letter_through); " +
			"ask for a bridge letter from the vendor's management covering the gap, or for the next report (bridge letters usually cover no more than 3 months)",
	}
	for code, msg := range want {
		if got[code] != msg {
			t.Errorf("%s:\n got %q\nwant %q", code, got[code], msg)
		}
	}
}

func TestExpectationDrift(t *testing.T) {
	asOf := date(t, "2026-11-22")
	d := recommend(rec("soc1", "type2"), rec("soc2", "type2", "availability"))
	expect := func(reports ...profile.ExpectedReport) *profile.Profile {
		p := prof()
		p.Expect = &profile.Expectation{Reports: reports, Pos: strictyaml.Pos{Line: 30, Column: 1}}
		return p
	}
	exp := func(report, typ string, line int, criteria ...string) profile.ExpectedReport {
		return profile.ExpectedReport{Report: report, Type: typ, Criteria: withSecurity(report, criteria), Pos: strictyaml.Pos{Line: line, Column: 7}}
	}
	tests := []struct {
		name string
		p    *profile.Profile
		want string
		msg  string
	}{
		{"the same", expect(exp("soc2", "type2", 32, "availability"), exp("soc1", "type2", 31)), "", ""},
		{"another type", expect(exp("soc1", "type1", 31), exp("soc2", "type2", 32, "availability")), "expectation-drift@31",
			"expect lists SOC 1 Type I, but the rules recommend SOC 1 Type II; update expect if the change is intended"},
		{"other criteria", expect(exp("soc1", "type2", 31), exp("soc2", "type2", 32)), "expectation-drift@32",
			"expect lists SOC 2 Type II (Security), but the rules recommend SOC 2 Type II (Security and Availability)"},
		{"a report no longer recommended", expect(exp("soc1", "type2", 31), exp("soc2", "type2", 32, "availability"), exp("soc3", "type2", 33)),
			"expectation-drift@33", "expect lists SOC 3, but the rules no longer recommend a SOC 3"},
		{"a report not expected: at the expect key", expect(exp("soc1", "type2", 31)), "expectation-drift@30",
			"the rules now recommend SOC 2 Type II (Security and Availability), which expect does not list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := check.Findings(tt.p, d, asOf, catalog)
			var drift []check.Finding
			for _, f := range fs {
				if f.Code == check.ExpectationDrift {
					drift = append(drift, f)
				}
			}
			if got := codes(drift); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if tt.msg != "" && !strings.HasPrefix(drift[0].Message, tt.msg) {
				t.Errorf("message %q, want it to start %q", drift[0].Message, tt.msg)
			}
		})
	}

	// No report expected and none recommended is no drift.
	p := expect()
	if got := codes(check.Findings(p, recommend(), asOf, catalog)); got != "" {
		t.Errorf("empty expect, nothing recommended: got %q", got)
	}
}

func TestSeverity(t *testing.T) {
	for _, name := range check.Severities {
		s, err := check.ParseSeverity(name)
		if err != nil || s.String() != name {
			t.Errorf("ParseSeverity(%q) = %v, %v", name, s, err)
		}
	}
	if !(check.Error > check.Warning && check.Warning > check.Info) {
		t.Error("severities are not ordered info < warning < error")
	}
	if _, err := check.ParseSeverity("fatal"); err == nil || !strings.Contains(err.Error(), "info, warning, error") {
		t.Errorf("ParseSeverity(fatal): %v, want the valid names", err)
	}
}

// A held Type I is the advice's first step: with a ruleset that plans, it
// is type2-due (a warning saying when) until its Type II is due, a period
// and the report after the Type I's date; then weaker-type again. Without
// plan settings it is weaker-type.
func TestType2Due(t *testing.T) {
	planning, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	r := rec("soc2", "type2")
	held := prof(type1(t, "soc2", "2026-10-31", 21))
	for _, tt := range []struct {
		name  string
		names check.Names
		asOf  string
		want  string
		msg   string
	}{
		{"on plan", planning.Catalog, "2026-11-22", "type2-due@21",
			"SOC 2 Type I is held; the SOC 2 Type II it leads to is due by 2027-07-31 (a first period from the month after the Type I's date, 2026-10-31, then the report), 251 days from 2026-11-22"},
		{"the day it is due", planning.Catalog, "2027-07-31", "type2-due@21", ""},
		{"dated after the as-of date (a typo, or a report to come)", planning.Catalog, "2026-10-30", "type2-due@21 future-report@21", ""},
		{"a day late", planning.Catalog, "2027-08-01", "weaker-type@21",
			"SOC 2 Type I is held, but SOC 2 Type II is recommended: a Type I describes controls at a point in time, not their operation over a period; the Type II that was to follow it was due by 2027-07-31"},
		{"no plan settings", catalog, "2026-11-22", "weaker-type@21",
			"SOC 2 Type I is held, but SOC 2 Type II is recommended: a Type I describes controls at a point in time, not their operation over a period"},
	} {
		fs := check.Findings(held, recommend(r), date(t, tt.asOf), tt.names)
		if codes(fs) != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, codes(fs), tt.want)
			continue
		}
		if tt.msg != "" && fs[0].Message != tt.msg {
			t.Errorf("%s: got %q\nwant %q", tt.name, fs[0].Message, tt.msg)
		}
	}
}

// Answers given more than 12 months before the as-of date are
// answers-outdated (info), at metadata.answered_on.
func TestAnswersOutdated(t *testing.T) {
	p := prof()
	p.AnsweredOn, p.AnsweredOnPos = date(t, "2025-11-22"), strictyaml.Pos{Line: 5, Column: 16}
	if got := codes(check.Findings(p, recommend(), date(t, "2026-11-22"), catalog)); got != "" {
		t.Errorf("exactly 12 months: got %s", got)
	}
	fs := check.Findings(p, recommend(), date(t, "2026-11-23"), catalog)
	if codes(fs) != "answers-outdated@5" || fs[0].Severity != check.Info {
		t.Errorf("a day more: got %v", fs)
	}
}

// Every finding code has a severity and a help sentence.
func TestEveryCodeIsDescribed(t *testing.T) {
	for _, c := range check.Codes {
		if check.CodeHelp[c] == "" {
			t.Errorf("%s has no help", c)
		}
		if _, ok := map[check.Severity]bool{check.Error: true, check.Warning: true, check.Info: true}[check.DefaultSeverity(c)]; !ok {
			t.Errorf("%s has no severity", c)
		}
	}
	if len(check.CodeHelp) != len(check.Codes) {
		t.Errorf("%d codes, %d helps", len(check.Codes), len(check.CodeHelp))
	}
}

// Waivers at their boundaries: current through the day they expire, back
// (with expired-waiver) the day after; at most 12 months ahead; a code
// that is not one is a problem at its line (and waives nothing); a report
// narrows a waiver.
func TestWaivers(t *testing.T) {
	r := rec("soc2", "type2")
	held := type1(t, "soc2", "2026-03-31", 21)
	waiver := func(code, report, expires string) profile.Waiver {
		return profile.Waiver{Code: code, Report: report, Reason: "fieldwork booked, SEC-142", Expires: date(t, expires),
			Pos: strictyaml.Pos{Line: 30, Column: 5}, CodePos: strictyaml.Pos{Line: 30, Column: 7}, ExpiresPos: strictyaml.Pos{Line: 33, Column: 5}}
	}
	for _, tt := range []struct {
		name    string
		waivers []profile.Waiver
		want    string
		// problem is the line of the waiver problem, 0 for none.
		problem int
	}{
		{"no waiver", nil, "weaker-type@21", 0},
		{"expires today", []profile.Waiver{waiver("weaker-type", "", "2026-11-22")}, "waived@21", 0},
		{"expired yesterday", []profile.Waiver{waiver("weaker-type", "", "2026-11-21")}, "weaker-type@21 expired-waiver@33", 0},
		{"exactly 12 months ahead", []profile.Waiver{waiver("weaker-type", "", "2027-11-22")}, "waived@21", 0},
		{"a day more", []profile.Waiver{waiver("weaker-type", "", "2027-11-23")}, "weaker-type@21", 33},
		{"another report", []profile.Waiver{waiver("weaker-type", "soc1", "2027-01-31")}, "weaker-type@21", 0},
		{"this report", []profile.Waiver{waiver("weaker-type", "soc2", "2027-01-31")}, "waived@21", 0},
		{"not a code", []profile.Waiver{waiver("weaker-typ", "", "2027-01-31")}, "weaker-type@21", 30},
		{"a code no waiver accepts", []profile.Waiver{waiver("invalid-profile", "", "2027-01-31")}, "weaker-type@21", 30},
		{"expired, and a later one current", []profile.Waiver{waiver("weaker-type", "", "2026-10-31"), waiver("weaker-type", "soc2", "2026-12-31")},
			"waived@21 expired-waiver@33", 0},
	} {
		p := prof(held)
		p.Waivers = tt.waivers
		fs := check.ApplyWaivers(p, check.Findings(p, recommend(r), date(t, "2026-11-22"), catalog), date(t, "2026-11-22"))
		if got := codes(fs); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
		for _, f := range fs {
			if f.Code == check.Waived && (f.Severity != check.Info || f.Waiver == nil || f.Waiver.Code != "weaker-type" || !strings.Contains(f.Message, "fieldwork booked, SEC-142")) {
				t.Errorf("%s: the waived finding %+v does not say what it waives and why", tt.name, f)
			}
			if f.Code == check.ExpiredWaiver && len(tt.waivers) > 1 && !strings.Contains(f.Message, "another waiver covers what it waived") {
				t.Errorf("%s: %q says the finding is back, which a current waiver still waives", tt.name, f.Message)
			}
			if f.Code == check.ExpiredWaiver && len(tt.waivers) == 1 && !strings.Contains(f.Message, "the finding is back") {
				t.Errorf("%s: %q does not say the finding is back", tt.name, f.Message)
			}
		}
		probs := check.WaiverProblems(p, date(t, "2026-11-22"))
		switch {
		case tt.problem == 0 && len(probs) > 0:
			t.Errorf("%s: problems %v", tt.name, probs)
		case tt.problem > 0 && (len(probs) != 1 || probs[0].Line != tt.problem):
			t.Errorf("%s: problems %v, want one at line %d", tt.name, probs, tt.problem)
		}
	}
}

// An expired waiver whose code no finding has now says so, rather than
// that the finding is back.
func TestExpiredWaiverOfNothing(t *testing.T) {
	p := prof(type1(t, "soc2", "2026-03-31", 21))
	p.Waivers = []profile.Waiver{{Code: "stale-report", Reason: "renewal booked", Expires: date(t, "2026-10-31"),
		Pos: strictyaml.Pos{Line: 30, Column: 5}, ExpiresPos: strictyaml.Pos{Line: 33, Column: 5}}}
	fs := check.ApplyWaivers(p, check.Findings(p, recommend(rec("soc2", "type2")), date(t, "2026-11-22"), catalog), date(t, "2026-11-22"))
	if got := codes(fs); got != "weaker-type@21 expired-waiver@33" {
		t.Fatalf("got %s", got)
	}
	if msg := fs[1].Message; !strings.Contains(msg, "nothing it would waive is found now: remove it") {
		t.Errorf("got %q", msg)
	}
}
