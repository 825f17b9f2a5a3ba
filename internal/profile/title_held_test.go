package profile_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/questionnaire"
)

// A title alone gives the name every output carries; a name and a title
// each keep their own; the title is what a person is shown.
func TestTitle(t *testing.T) {
	qs := load(t)
	for _, tt := range []struct {
		name, meta          string
		wantName, wantTitle string
	}{
		{"title only", "  title: Acme Payroll, Inc.\n", "acme-payroll-inc", "Acme Payroll, Inc."},
		{"name and title", "  name: acme\n  title: Acme Payroll, Inc.\n", "acme", "Acme Payroll, Inc."},
		{"title before name", "  title: \"Ünïcödé GmbH\"\n  name: unicode\n", "unicode", "Ünïcödé GmbH"},
		{"name only", "  name: acme\n", "acme", ""},
		{"title of 100 characters", "  title: " + strings.Repeat("é", 100) + "\n", strings.Repeat("e", profile.MaxSlug), strings.Repeat("é", 100)},
		{"spaces around a quoted title", "  title: \"  Acme  \"\n", "acme", "Acme"},
		{"a folded title", "  title: >\n    Acme\n    Payroll\n", "acme-payroll", "Acme Payroll"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := profile.Parse("p.yaml", []byte(metaHead+tt.meta), qs)
			if err != nil {
				t.Fatal(err)
			}
			if p.Name != tt.wantName || p.Title != tt.wantTitle {
				t.Errorf("name %q, title %q; want %q, %q", p.Name, p.Title, tt.wantName, tt.wantTitle)
			}
		})
	}
}

func TestTitleErrors(t *testing.T) {
	qs := load(t)
	type P = problem
	for _, tt := range []struct {
		name, meta string
		want       []P
	}{
		{"title of 101 characters", "  name: x\n  title: " + strings.Repeat("é", 101) + "\n",
			[]P{{"p.yaml:5:10", "metadata.title: is 101 characters long; the limit is 100"}}},
		{"title over two lines", "  name: x\n  title: |\n    Acme\n    Payroll\n",
			[]P{{"p.yaml:5:10", "metadata.title: must be one line"}}},
		{"title with a tab", "  name: x\n  title: \"Acme\\tPayroll\"\n",
			[]P{{"p.yaml:5:10", "metadata.title: holds the control character U+0009; a title is plain text"}}},
		{"title with a direction override", "  name: x\n  title: \"Acme \\u202ePayroll\"\n",
			[]P{{"p.yaml:5:10", "metadata.title: holds the control character U+202E"}}},
		{"empty title", "  name: x\n  title: \"  \"\n",
			[]P{{"p.yaml:5:10", "metadata.title: is empty; give the vendor's display name, or leave title out"}}},
		{"title not text", "  name: x\n  title: [Acme]\n",
			[]P{{"p.yaml:5:10", "metadata.title: expected a string, got a list"}}},
		{"a title alone with nothing to make a name of", "  title: 東京商事\n",
			[]P{{"p.yaml:4:10", `metadata.title: "東京商事" has no letters or digits to make a name of; give metadata.name`}}},
		{"neither name nor title", "  description: a vendor\n",
			[]P{{"p.yaml:4:3", `metadata: missing required key "name"`}}},
		{"a bad name is not replaced by the title", "  name: Acme\n  title: Acme\n",
			[]P{{"p.yaml:4:9", `metadata.name: "Acme" must be lower-case letters`}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := profile.Parse("p.yaml", []byte(metaHead+tt.meta), qs)
			assertProblems(t, err, tt.want...)
		})
	}
}

func TestSlug(t *testing.T) {
	long := strings.Repeat("payroll ", 20) // 159 characters
	for _, tt := range []struct{ in, want string }{
		{"Acme Payroll, Inc.", "acme-payroll-inc"},
		{"  ", ""},
		{"", ""},
		{"Ünïcödé GmbH", "unicode-gmbh"},
		{"Ærøskøbing Straße Œuvre", "aeroskobing-strasse-oeuvre"},
		{"Cafe\u0301 Zoe\u0308", "cafe-zoe"}, // accents as combining marks
		{"ŁÓDŹ Ltd", "lodz-ltd"},
		{"--Acme--", "acme"},
		{"R&D 2026 (EU)", "r-d-2026-eu"},
		{"東京商事", ""},
		{"東京 Acme", "acme"},
		{"A+", "a"},
		// Cut at the last dash within the limit, not inside a word.
		{long, strings.TrimSuffix(strings.Repeat("payroll-", 8), "-")},
		// One long word is cut where the limit falls.
		{strings.Repeat("x", 70), strings.Repeat("x", profile.MaxSlug)},
		// A dash too early to cut at: the word is cut instead.
		{"a " + strings.Repeat("x", 70), "a-" + strings.Repeat("x", profile.MaxSlug-2)},
		// A dash just past the limit is a clean cut.
		{strings.Repeat("x", profile.MaxSlug) + " y", strings.Repeat("x", profile.MaxSlug)},
	} {
		got := profile.Slug(tt.in)
		if got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if len(got) > profile.MaxSlug {
			t.Errorf("Slug(%q) is %d long", tt.in, len(got))
		}
		if got != "" {
			if err := profile.CheckName(got); err != nil {
				t.Errorf("Slug(%q): %v", tt.in, err)
			}
		}
	}
}

// Choice and list answers are read whatever their case, and kept as the
// option's own value.
func TestAnswersIgnoreCase(t *testing.T) {
	qs := load(t)
	p, err := profile.Parse("p.yaml", []byte(head+"answers:\n  customer_data: Yes\n  type2_required: \"NO\"\n  financial_reporting_impact: Unsure\n  services: [SaaS, PAYROLL]\n"), qs)
	if err != nil {
		t.Fatal(err)
	}
	want := questionnaire.Answers{"customer_data": "yes", "type2_required": "no", "financial_reporting_impact": "unsure", "services": []string{"payroll", "saas"}}
	if !reflect.DeepEqual(p.Answers, want) {
		t.Errorf("Answers = %v, want %v", p.Answers, want)
	}
}

// A short word is not taken for yes or no: "on" is two edits from "no"
// and means the opposite of what it would be corrected to.
func TestNoGuessForShortAnswers(t *testing.T) {
	qs := load(t)
	for in, want := range map[string]string{
		"on":  `p.yaml:6:18: answers.customer_data: "on" is not a valid value (want yes or no)`,
		"off": `p.yaml:6:18: answers.customer_data: "off" is not a valid value (want yes or no)`,
		"ok":  `p.yaml:6:18: answers.customer_data: "ok" is not a valid value (want yes or no)`,
		"y":   `p.yaml:6:18: answers.customer_data: "y" is not a valid value (want yes or no)`,
		"nah": `p.yaml:6:18: answers.customer_data: "nah" is not a valid value (want yes or no)`,
		"yse": `p.yaml:6:18: answers.customer_data: "yse" is not a valid value (want yes or no) (did you mean "yes"?)`,
		"noo": `p.yaml:6:18: answers.customer_data: "noo" is not a valid value (want yes or no) (did you mean "no"?)`,
	} {
		_, err := profile.Parse("p.yaml", []byte(head+"answers:\n  customer_data: "+in+"\n"), qs)
		if err == nil || err.Error() != want {
			t.Errorf("%s:\n got  %v\n want %s", in, err, want)
		}
	}
}

// A held SOC 2 names its criteria; a period ends after it starts and a
// Type II's lasts at least a month.
func TestHeldRules(t *testing.T) {
	qs := load(t)
	type P = problem
	const values = "one or more of security, availability, processing-integrity, confidentiality or privacy"
	for _, tt := range []struct {
		name, held string
		want       []P // none: valid
	}{
		{"a SOC 2 without criteria", "  - {report: soc2, type: type2, period_start: 2025-01-01, period_end: 2025-12-31}\n",
			[]P{{"p.yaml:6:5", "held[0]: a SOC 2 needs criteria, the Trust Services Categories it covers: " + values + " (criteria: [security] for security alone)"}}},
		{"a SOC 2 Type I without criteria, block style", "  - report: soc2\n    type: type1\n    as_of: 2026-03-31\n",
			[]P{{"p.yaml:6:5", "held[0]: a SOC 2 needs criteria"}}},
		{"a SOC 2 with empty criteria", "  - {report: soc2, type: type1, as_of: 2026-03-31, criteria: []}\n",
			[]P{{"p.yaml:6:52", "held[0].criteria: empty; list the Trust Services Categories the SOC 2 covers: " + values}}},
		{"a SOC 3 without criteria: security", "  - {report: soc3, period_start: 2025-01-01, period_end: 2025-12-31}\n", nil},
		{"a SOC 1 without criteria", "  - {report: soc1, type: type2, period_start: 2025-01-01, period_end: 2025-12-31}\n", nil},
		{"period_end before period_start", "  - report: soc1\n    type: type2\n    period_start: 2026-07-01\n    period_end: 2025-06-30\n",
			[]P{{"p.yaml:9:17", "held[0].period_end: 2025-06-30 is before period_start 2026-07-01 (a period ends after it starts; are the two swapped?)"}}},
		{"a Type II of exactly one month", "  - {report: soc1, type: type2, period_start: 2026-01-01, period_end: 2026-01-31}\n", nil},
		{"a Type II a day short of a month", "  - {report: soc1, type: type2, period_start: 2026-01-01, period_end: 2026-01-30}\n",
			[]P{{"p.yaml:6:71", "held[0].period_end: the period 2026-01-01 to 2026-01-30 is 30 days, shorter than one month; a type2 report covers at least a month (period_end 2026-01-31 or later)"}}},
		{"a Type II from mid-February, one month", "  - {report: soc1, type: type2, period_start: 2026-02-15, period_end: 2026-03-14}\n", nil},
		{"a Type II from mid-February, a day short", "  - {report: soc1, type: type2, period_start: 2026-02-15, period_end: 2026-03-13}\n",
			[]P{{"p.yaml:6:71", "is 27 days, shorter than one month"}}},
		{"a Type II from a month end: to the day before the next month end", "  - {report: soc1, type: type2, period_start: 2026-01-31, period_end: 2026-02-27}\n", nil},
		{"a Type II of two weeks", "  - {report: soc2, type: type2, period_start: 2026-03-01, period_end: 2026-03-14, criteria: [security]}\n",
			[]P{{"p.yaml:6:71", "held[0].period_end: the period 2026-03-01 to 2026-03-14 is 14 days, shorter than one month; a type2 report covers at least a month (period_end 2026-03-31 or later)"}}},
		{"a Type II of one day", "  - {report: soc1, type: type2, period_start: 2026-03-01, period_end: 2026-03-01}\n",
			[]P{{"p.yaml:6:71", "is 1 day, shorter than one month"}}},
		{"a SOC 3 of two weeks", "  - {report: soc3, period_start: 2026-03-01, period_end: 2026-03-14}\n",
			[]P{{"p.yaml:6:58", "a SOC 3 covers at least a month (period_end 2026-03-31 or later)"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := profile.Parse("p.yaml", []byte(head+"held:\n"+tt.held), qs)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if h := p.Held[0]; h.Report == "soc3" && !reflect.DeepEqual(h.Criteria, []string{"security"}) {
					t.Errorf("SOC 3 criteria = %v, want [security]", h.Criteria)
				}
				return
			}
			assertProblems(t, err, tt.want...)
		})
	}
}

// Saving writes the title after the name; a profile that gave only a
// title gains its name first.
func TestEncodeTitle(t *testing.T) {
	qs := load(t)
	answers := questionnaire.Answers{"customer_data": "yes"}
	data, err := profile.Encode("acme", "Acme Payroll, Inc.", answers, qs, nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := metaHead + "  name: acme\n  title: Acme Payroll, Inc.\nanswers:\n  customer_data: \"yes\"\n"
	if string(data) != want {
		t.Errorf("new profile:\n%s\nwant:\n%s", data, want)
	}

	base, err := profile.Parse("p.yaml", []byte(metaHead+"  title: \"Yes\"  # the vendor's own name\n  description: d\nanswers:\n  customer_data: \"no\"\n"), qs)
	if err != nil {
		t.Fatal(err)
	}
	data, err = profile.Encode(base.Name, "", answers, qs, base, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want = metaHead + "  name: yes\n  title: \"Yes\" # the vendor's own name\n  description: d\nanswers:\n  customer_data: \"yes\"\n"
	if string(data) != want {
		t.Errorf("title-only base:\n%s\nwant:\n%s", data, want)
	}
	again, err := profile.Parse("p.yaml", data, qs)
	if err != nil || again.Name != "yes" || again.Title != "Yes" {
		t.Errorf("read back: %v %+v", err, again)
	}

	// A new title replaces the base's in place.
	data, err = profile.Encode(base.Name, "Acme", answers, qs, base, time.Time{})
	if err != nil || !strings.Contains(string(data), "  name: yes\n  title: Acme # the vendor's own name\n") {
		t.Errorf("new title over the base's: %v\n%s", err, data)
	}
	// A title YAML 1.1 readers take for a boolean is quoted.
	data, err = profile.Encode("acme", "On", answers, qs, nil, time.Time{})
	if err != nil || !strings.Contains(string(data), "  title: \"On\"\n") {
		t.Errorf("title On: %v\n%s", err, data)
	}
	if _, err := profile.Encode("acme", "Acme\nPayroll", answers, qs, nil, time.Time{}); err == nil || !strings.Contains(err.Error(), "title: must be one line") {
		t.Errorf("a title over two lines: %v", err)
	}
}

// Every waiver keeps its place in the list, for the messages that name it
// (waivers[i]), an empty code too: check refuses that one at its line,
// with the codes a waiver can name.
func TestWaiverEntries(t *testing.T) {
	qs := load(t)
	p, err := profile.Parse("p.yaml", []byte(head+"waivers:\n  - {code: \"\", reason: a, expires: 2026-09-01}\n  - {code: missing-report, reason: b, expires: 2026-10-01}\n"), qs)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Waivers) != 2 || p.Waivers[0].Index != 0 || p.Waivers[0].Code != "" || p.Waivers[1].Index != 1 || p.Waivers[1].Code != "missing-report" {
		t.Errorf("waivers %+v", p.Waivers)
	}
}
