package profile_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/strictyaml"
	"github.com/socpick/socpick/rules"
)

const profilesDir = "../../testdata/profiles"

// fixtureDir is the small ruleset written for the tests (see its
// questions.yaml). Parsing and validation are tested against its questions,
// so that the default questions can change without changing these tests;
// the example files under testdata/profiles are read with the default.
const fixtureDir = "../../testdata/fixture-rules"

func load(t testing.TB) *questionnaire.Questionnaire {
	t.Helper()
	qs, err := questionnaire.Load(os.DirFS(fixtureDir))
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// shipped is the default questionnaire, which the example files answer.
func shipped(t testing.TB) *questionnaire.Questionnaire {
	t.Helper()
	qs, err := questionnaire.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func pos(line, col int) strictyaml.Pos { return strictyaml.Pos{Line: line, Column: col} }

// TestContractExample reads the example of contract section 1 and checks
// every field.
func TestContractExample(t *testing.T) {
	qs := shipped(t)
	p, err := profile.Read(filepath.Join(profilesDir, "acme-payroll.yaml"), qs)
	if err != nil {
		t.Fatal(err)
	}
	// Positions are found in the file by their text, so that an answer
	// added to the example moves no expectation.
	data, err := os.ReadFile(filepath.Join(profilesDir, "acme-payroll.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	at := func(text string) strictyaml.Pos {
		t.Helper()
		for i, line := range strings.Split(string(data), "\n") {
			if col := strings.Index(line, text); col >= 0 {
				return pos(i+1, col+1)
			}
		}
		t.Fatalf("%q is not in the example profile", text)
		return strictyaml.Pos{}
	}
	after := func(text string) strictyaml.Pos { p := at(text); p.Column += len(text); return p }
	if p.File != filepath.Join(profilesDir, "acme-payroll.yaml") {
		t.Errorf("File = %q", p.File)
	}
	if p.Name != "acme-payroll" || p.Description != "Payroll SaaS for mid-size US employers" {
		t.Errorf("Name, Description = %q, %q", p.Name, p.Description)
	}
	if p.Pos != pos(1, 1) {
		t.Errorf("Pos = %v", p.Pos)
	}
	wantAnswers := questionnaire.Answers{
		"services":                   []string{"payroll", "saas"},
		"financial_reporting_impact": "yes",
		"sox_customers":              "yes",
		"customer_data":              "yes",
		"data_types":                 []string{"personal", "financial"},
		"security_reviews":           "yes",
		"availability_commitments":   "yes",
		"processing_integrity":       "yes",
		"public_report":              "no",
		"controls_operating_months":  14,
		"first_examination":          "no",
		"deadline_months":            0,
		"type2_required":             "yes",
		"customer_regions":           []string{"us"},
		"subservice_providers":       "yes",
		"significant_changes":        "no",
	}
	for key, want := range wantAnswers {
		if got := p.Answers[key]; !reflect.DeepEqual(got, want) {
			t.Errorf("Answers[%s] = %#v, want %#v", key, got, want)
		}
	}
	if len(p.AnswerPos) != len(p.Answers) {
		t.Errorf("AnswerPos has %d entries for %d answers", len(p.AnswerPos), len(p.Answers))
	}
	for key, want := range map[string]strictyaml.Pos{
		"services": after("services: "), "financial_reporting_impact": after("financial_reporting_impact: "),
		"controls_operating_months": after("controls_operating_months: "), "significant_changes": after("significant_changes: "),
	} {
		if got := p.AnswerPos[key]; got != want {
			t.Errorf("AnswerPos[%s] = %v, want %v", key, got, want)
		}
	}
	wantHeld := []profile.HeldReport{
		{Report: "soc1", Type: "type2", PeriodStart: date("2025-07-01"), PeriodEnd: date("2026-06-30"),
			BridgeLetterThrough: date("2026-09-30"), Pos: at("report: soc1")},
		{Report: "soc2", Type: "type1", AsOf: date("2026-03-31"),
			Criteria: []string{"security", "availability"}, Pos: at("report: soc2")},
	}
	if !reflect.DeepEqual(p.Held, wantHeld) {
		t.Errorf("Held = %+v\nwant %+v", p.Held, wantHeld)
	}
	if p.HeldPos != at("held:") {
		t.Errorf("HeldPos = %v", p.HeldPos)
	}
	wantExpect := &profile.Expectation{Pos: at("expect:"), Reports: []profile.ExpectedReport{
		{Report: "soc1", Type: "type2", Pos: at("{report: soc1")},
		{Report: "soc2", Type: "type2", Criteria: []string{"security", "availability", "processing-integrity", "confidentiality"}, Pos: at("{report: soc2")},
	}}
	if !reflect.DeepEqual(p.Expect, wantExpect) {
		t.Errorf("Expect = %+v\nwant %+v", p.Expect, wantExpect)
	}
}

// metaHead is a profile's header down to metadata's first key, and head
// the header with the name x.
const (
	metaHead = "apiVersion: socpick/v1\nkind: VendorProfile\nmetadata:\n"
	head     = metaHead + "  name: x\n"
)

// TestNormalisation: unquoted booleans answer yes/no questions, unquoted
// and quoted dates are the same, criteria are sorted with security added,
// and optional parts may be absent.
func TestNormalisation(t *testing.T) {
	qs := load(t)
	tests := []struct {
		name, body string
		check      func(t *testing.T, p *profile.Profile)
	}{
		{"unquoted yes/no/true/false", "answers:\n  customer_data: yes\n  type2_required: no\n  financial_reporting_impact: True\n",
			func(t *testing.T, p *profile.Profile) {
				want := questionnaire.Answers{"customer_data": "yes", "type2_required": "no", "financial_reporting_impact": "yes"}
				if !reflect.DeepEqual(p.Answers, want) {
					t.Errorf("Answers = %v, want %v", p.Answers, want)
				}
			}},
		{"lists in the options' order", "answers:\n  services:\n    - saas\n    - payroll\n",
			func(t *testing.T, p *profile.Profile) {
				if got := p.Answers["services"]; !reflect.DeepEqual(got, []string{"payroll", "saas"}) {
					t.Errorf("services = %v", got)
				}
			}},
		{"a SOC 3 without a type, and one expected with type2 (v1)", "held:\n  - {report: soc3, period_start: 2025-01-01, period_end: 2025-12-31}\nexpect:\n  reports:\n    - {report: soc3, type: type2}\n",
			func(t *testing.T, p *profile.Profile) {
				if h := p.Held[0]; h.Type != "type2" || !h.PeriodEnd.Equal(date("2025-12-31")) {
					t.Errorf("held SOC 3 = %+v, want judged as a period", h)
				}
				if e := p.Expect.Reports[0]; e.Type != "" {
					t.Errorf("expected SOC 3 type = %q, want none", e.Type)
				}
			}},
		{"quoted and unquoted dates", "held:\n  - {report: soc2, type: type2, period_start: \"2025-01-01\", period_end: 2025-12-31, bridge_letter_through: '2026-02-28', criteria: [security]}\n",
			func(t *testing.T, p *profile.Profile) {
				h := p.Held[0]
				if !h.PeriodStart.Equal(date("2025-01-01")) || !h.PeriodEnd.Equal(date("2025-12-31")) || !h.BridgeLetterThrough.Equal(date("2026-02-28")) {
					t.Errorf("dates = %v %v %v", h.PeriodStart, h.PeriodEnd, h.BridgeLetterThrough)
				}
				if !reflect.DeepEqual(h.Criteria, []string{"security"}) {
					t.Errorf("criteria = %v, want [security] (always covered)", h.Criteria)
				}
			}},
		{"criteria sorted, security added", "held:\n  - {report: soc2, type: type1, as_of: 2026-01-31, criteria: [privacy, availability]}\n",
			func(t *testing.T, p *profile.Profile) {
				if got := p.Held[0].Criteria; !reflect.DeepEqual(got, []string{"security", "availability", "privacy"}) {
					t.Errorf("criteria = %v", got)
				}
			}},
		{"renewals: the same report held twice", "held:\n  - {report: soc1, type: type2, period_start: 2024-07-01, period_end: 2025-06-30}\n  - {report: soc1, type: type2, period_start: 2025-07-01, period_end: 2026-06-30}\n",
			func(t *testing.T, p *profile.Profile) {
				if len(p.Held) != 2 || p.Held[1].Pos != pos(7, 5) {
					t.Errorf("Held = %+v", p.Held)
				}
			}},
		{"nothing optional", "",
			func(t *testing.T, p *profile.Profile) {
				if p.Answers == nil || len(p.Answers) != 0 || p.Held != nil || p.HeldPos != (strictyaml.Pos{}) || p.Expect != nil {
					t.Errorf("profile = %+v", p)
				}
			}},
		{"empty expectation", "expect:\n  reports: []\n",
			func(t *testing.T, p *profile.Profile) {
				if p.Expect == nil || len(p.Expect.Reports) != 0 || p.Expect.Pos != pos(5, 1) {
					t.Errorf("Expect = %+v", p.Expect)
				}
			}},
		{"empty criteria on soc1 claims nothing", "expect:\n  reports: [{report: soc1, type: type2, criteria: []}]\n",
			func(t *testing.T, p *profile.Profile) {
				if r := p.Expect.Reports[0]; r.Criteria != nil {
					t.Errorf("Criteria = %#v, want nil", r.Criteria)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := profile.Parse("p.yaml", []byte(head+tt.body), qs)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, p)
		})
	}
}

// problem is one expected line of an error: its exact FILE:LINE:COL prefix
// ("p.yaml" alone when there is no position) and a fragment of the message.
type problem struct{ at, msg string }

// assertProblems checks that err is a *strictyaml.Problems whose lines
// match want one for one, in order.
func assertProblems(t *testing.T, err error, want ...problem) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", want)
	}
	var probs *strictyaml.Problems
	if !errors.As(err, &probs) {
		t.Fatalf("error is %T, want *strictyaml.Problems: %v", err, err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(want) {
		t.Errorf("got %d problems, want %d:\n%v", len(lines), len(want), err)
	}
	for i, w := range want {
		if i >= len(lines) {
			break
		}
		rest, ok := strings.CutPrefix(lines[i], w.at+": ")
		if !ok || !strings.Contains(rest, w.msg) {
			t.Errorf("problem %d:\n got  %s\n want %s: ...%s...", i, lines[i], w.at, w.msg)
		}
	}
	for _, bad := range []string{"goroutine", "panic", "yaml: unmarshal", "reflect"} {
		if strings.Contains(err.Error(), bad) {
			t.Errorf("error leaks %q:\n%v", bad, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	qs := load(t)
	type P = problem
	tests := []struct {
		name string
		in   string
		want []P
	}{
		{"unknown top-level key", head + "answer:\n  customer_data: \"yes\"\n",
			[]P{{"p.yaml:5:1", `top level: unknown key "answer" (valid keys: apiVersion, kind, metadata, answers, held, waivers, expect) (did you mean "answers"?)`}}},
		{"unknown key in metadata", head + "  owner: me\n",
			[]P{{"p.yaml:5:3", `metadata: unknown key "owner"`}}},
		{"unknown key in a held entry", head + "held:\n  - {report: soc2, type: type1, as_of: 2026-01-01, asof: 2026-01-01, criteria: [security]}\n",
			[]P{{"p.yaml:6:52", `held[0]: unknown key "asof" (valid keys: report, type, period_start, period_end, as_of, bridge_letter_through, criteria) (did you mean "as_of"?)`}}},
		{"unknown answer key", head + "answers:\n  custmer_data: \"yes\"\n",
			[]P{{"p.yaml:6:3", `answers: unknown key "custmer_data" (valid keys: services, financial_reporting_impact,`}}},
		{"unknown answer key: did you mean", head + "answers:\n  customer-data: \"yes\"\n",
			[]P{{"p.yaml:6:3", `type2_required) (did you mean "customer_data"?)`}}},
		{"bad choice value", head + "answers:\n  customer_data: maybe\n",
			[]P{{"p.yaml:6:18", `answers.customer_data: "maybe" is not a valid value (want yes or no)`}}},
		{"choice value near miss", head + "answers:\n  financial_reporting_impact: Yse\n",
			[]P{{"p.yaml:6:31", `answers.financial_reporting_impact: "Yse" is not a valid value (want yes, no or unsure) (did you mean "yes"?)`}}},
		{"on is not taken for no", head + "answers:\n  customer_data: on\n",
			[]P{{"p.yaml:6:18", `answers.customer_data: "on" is not a valid value (want yes or no)`}}},
		{"a list value in another case listed twice", head + "answers:\n  services: [saas, SaaS]\n",
			[]P{{"p.yaml:6:20", `answers.services: "SaaS" is listed twice (case does not matter)`}}},
		{"a boolean where a number goes", head + "answers:\n  controls_operating_months: true\n",
			[]P{{"p.yaml:6:30", `answers.controls_operating_months: expected a whole number from 0 to 120, got the boolean true`}}},
		{"wrong type: a string where a number goes", head + "answers:\n  controls_operating_months: \"14\"\n",
			[]P{{"p.yaml:6:30", `answers.controls_operating_months: expected a whole number from 0 to 120, got the text "14"`}}},
		{"wrong type: a float", head + "answers:\n  controls_operating_months: 1.5\n",
			[]P{{"p.yaml:6:30", `answers.controls_operating_months: expected a whole number from 0 to 120, got the number 1.5`}}},
		{"wrong type: a list for a choice", head + "answers:\n  customer_data: [\"yes\"]\n",
			[]P{{"p.yaml:6:18", `answers.customer_data: expected a single value, got a list`}}},
		{"wrong type: a scalar for a list", head + "answers:\n  services: payroll\n",
			[]P{{"p.yaml:6:13", `answers.services: expected a list such as [a, b], got "payroll"`}}},
		{"no value", head + "answers:\n  customer_data:\n",
			[]P{{"p.yaml:6:17", `answers.customer_data: no value (want yes or no); leave the key out`}}},
		{"negative number", head + "answers:\n  controls_operating_months: -1\n",
			[]P{{"p.yaml:6:30", `answers.controls_operating_months: -1 is out of range (want a whole number from 0 to 120)`}}},
		{"number out of range", head + "answers:\n  controls_operating_months: 121\n",
			[]P{{"p.yaml:6:30", `answers.controls_operating_months: 121 is out of range (want a whole number from 0 to 120)`}}},
		{"huge number", head + "answers:\n  controls_operating_months: 99999999999999999999999\n",
			[]P{{"p.yaml:6:30", `expected a whole number from 0 to 120, got the number 99999999999999999999999`}}},
		{"bad list item (flow)", head + "answers:\n  services: [payroll, sass]\n",
			[]P{{"p.yaml:6:23", `answers.services: "sass" is not a valid value (want one or more of payroll,`}}},
		{"bad list item (block)", head + "answers:\n  services:\n    - payroll\n    - sass\n",
			[]P{{"p.yaml:8:7", `(did you mean "saas"?)`}}},
		{"bad list item type", head + "answers:\n  data_types: [personal, 1.5]\n",
			[]P{{"p.yaml:6:26", `answers.data_types: item 2: expected a value name, got the number 1.5`}}},
		{"empty list item", head + "answers:\n  data_types:\n    - personal\n    -\n",
			[]P{{"p.yaml:8:6", `answers.data_types: item 2: expected a value name, got no value`}}},
		{"list item listed twice", head + "answers:\n  data_types: [personal, health, personal]\n",
			[]P{{"p.yaml:6:34", `answers.data_types: "personal" is listed twice`}}},
		{"exclusive list item", head + "answers:\n  data_types: [personal, none]\n",
			[]P{{"p.yaml:6:26", `answers.data_types: "none" cannot be combined with other values`}}},
		{"answers not a mapping", head + "answers: [customer_data]\n",
			[]P{{"p.yaml:5:10", `answers: expected a mapping of answer keys to values, got a list`}}},
		{"malformed date", head + "held:\n  - report: soc1\n    type: type2\n    period_start: 2025-07-01\n    period_end: 2026-02-30\n",
			[]P{{"p.yaml:9:17", `held[0].period_end: "2026-02-30" is not a date: February 2026 has 28 days (want YYYY-MM-DD)`}}},
		{"date without leading zeros", head + "held:\n  - {report: soc2, type: type1, as_of: 2026-3-1, criteria: [security]}\n",
			[]P{{"p.yaml:6:40", `held[0].as_of: "2026-3-1" is not a date (want YYYY-MM-DD, e.g. 2026-06-30)`}}},
		{"date as a number", head + "held:\n  - {report: soc2, type: type1, as_of: 20260301, criteria: [security]}\n",
			[]P{{"p.yaml:6:40", `held[0].as_of: expected a date (YYYY-MM-DD), got the number 20260301`}}},
		{"duplicate answer key", head + "answers:\n  customer_data: \"yes\"\n  customer_data: \"no\"\n",
			[]P{{"p.yaml:7:3", `answers.customer_data: duplicate key "customer_data" (first at line 6)`}}},
		{"duplicate top-level key", head + "metadata:\n  name: y\n",
			[]P{{"p.yaml:5:1", `metadata: duplicate key "metadata" (first at line 3)`}}},
		{"wrong apiVersion", "apiVersion: socpick/v2\nkind: VendorProfile\nmetadata: {name: x}\n",
			[]P{{"p.yaml:1:13", `apiVersion: "socpick/v2" is not supported (want socpick/v1)`}}},
		{"wrong kind", "apiVersion: socpick/v1\nkind: Questionnaire\nmetadata: {name: x}\n",
			[]P{{"p.yaml:2:7", `kind: "Questionnaire" is wrong here (want VendorProfile)`}}},
		{"missing required top-level keys", "metadata: {name: x}\n",
			[]P{{"p.yaml:1:1", `top level: missing required key "apiVersion"`}, {"p.yaml:1:1", `top level: missing required key "kind"`}}},
		{"some other YAML file", "on: push\njobs: {}\n",
			[]P{{"p.yaml:1:1", `not a socpick vendor profile: none of its keys (a profile starts with apiVersion: socpick/v1 and kind: VendorProfile)`}}},
		{"missing metadata.name", "apiVersion: socpick/v1\nkind: VendorProfile\nmetadata:\n  description: A vendor\n",
			[]P{{"p.yaml:4:3", `metadata: missing required key "name"`}}},
		{"metadata without a value", "apiVersion: socpick/v1\nkind: VendorProfile\nmetadata:\n",
			[]P{{"p.yaml:3:10", `metadata: expected a mapping, got no value`}}},
		{"bad name pattern", "apiVersion: socpick/v1\nkind: VendorProfile\nmetadata:\n  name: Acme Payroll\n",
			[]P{{"p.yaml:4:9", `metadata.name: "Acme Payroll" must be lower-case letters, digits and dashes, starting with a letter or digit ([a-z0-9][a-z0-9-]*) (did you mean "acme-payroll"?)`}}},
		{"name starting with a dash", "apiVersion: socpick/v1\nkind: VendorProfile\nmetadata:\n  name: -acme\n",
			[]P{{"p.yaml:4:9", `metadata.name: "-acme" must be lower-case letters`}}},
		{"name not a string", "apiVersion: socpick/v1\nkind: VendorProfile\nmetadata:\n  name: 42\n",
			[]P{{"p.yaml:4:9", `metadata.name: expected a string, got the number 42`}}},
		{"not a mapping", "- apiVersion: socpick/v1\n",
			[]P{{"p.yaml:1:1", `expected a vendor profile (a mapping with apiVersion: socpick/v1, kind: VendorProfile, metadata, answers), got a list`}}},
		{"empty file", "", []P{{"p.yaml:1:1", `file is empty`}}},
		{"blank file", " \n\n\t\n", []P{{"p.yaml:1:1", `file is empty`}}},
		{"only comments", "# nothing yet\n", []P{{"p.yaml:1:1", `file holds only comments`}}},
		{"binary bytes", "\x7fELF\x02\x01\x01\x00\x00", []P{{"p.yaml", `not a text file (expected UTF-8 YAML)`}}},
		{"invalid UTF-8", "name: \xff\xfe\n", []P{{"p.yaml", `not a text file`}}},
		{"YAML syntax error", head + "answers:\n  services: [payroll, saas\n", []P{{"p.yaml:6:13", `invalid YAML: this '[' is never closed with ']'`}}},
		{"two documents", head + "---\n" + head, []P{{"p.yaml:5:1", `a second YAML document`}}},
		{"type2 without period_end", head + "held:\n  - report: soc1\n    type: type2\n    period_start: 2025-07-01\n",
			[]P{{"p.yaml:6:5", `held[0]: a type2 report needs period_end (its examination period, YYYY-MM-DD)`}}},
		{"type2 without a period", head + "held:\n  - {report: soc2, type: type2, criteria: [security]}\n",
			[]P{{"p.yaml:6:5", `held[0]: a type2 report needs period_start and period_end`}}},
		{"type2 with as_of", head + "held:\n  - {report: soc2, type: type2, period_start: 2025-01-01, period_end: 2025-12-31, as_of: 2025-12-31, criteria: [security]}\n",
			[]P{{"p.yaml:6:83", `held[0].as_of: a type2 report covers a period: give period_start and period_end, not as_of`}}},
		{"period_start not before period_end", head + "held:\n  - {report: soc2, type: type2, period_start: 2025-12-31, period_end: 2025-01-01, criteria: [security]}\n",
			[]P{{"p.yaml:6:71", `held[0].period_end: 2025-01-01 is before period_start 2025-12-31 (a period ends after it starts; are the two swapped?)`}}},
		{"bridge letter not after the period", head + "held:\n  - {report: soc1, type: type2, period_start: 2025-01-01, period_end: 2025-12-31, bridge_letter_through: 2025-12-31}\n",
			[]P{{"p.yaml:6:106", `held[0].bridge_letter_through: 2025-12-31 is not after period_end 2025-12-31`}}},
		{"type1 with period_start", head + "held:\n  - report: soc2\n    type: type1\n    as_of: 2026-03-31\n    period_start: 2025-07-01\n    criteria: [security]\n",
			[]P{{"p.yaml:9:5", `held[0].period_start: a type1 report describes one date: give as_of, not an examination period`}}},
		{"type1 without as_of", head + "held:\n  - {report: soc2, type: type1, criteria: [security]}\n",
			[]P{{"p.yaml:6:5", `held[0]: a type1 report needs as_of (the date it describes, YYYY-MM-DD)`}}},
		{"type1 with a bridge letter", head + "held:\n  - {report: soc2, type: type1, as_of: 2026-01-01, bridge_letter_through: 2026-03-01, criteria: [security]}\n",
			[]P{{"p.yaml:6:52", `held[0].bridge_letter_through: bridge letters follow a type2 period; a type1 report has none`}}},
		{"criteria on soc1", head + "held:\n  - report: soc1\n    type: type1\n    as_of: 2026-03-31\n    criteria: [security]\n",
			[]P{{"p.yaml:9:5", `held[0].criteria: criteria apply to soc2 and soc3 only, not soc1`}}},
		{"bad criterion", head + "held:\n  - {report: soc2, type: type1, as_of: 2026-01-01, criteria: [security, processing integrity]}\n",
			[]P{{"p.yaml:6:73", `held[0].criteria[1]: "processing integrity" is not a criterion (want security, availability, processing-integrity, confidentiality or privacy) (did you mean "processing-integrity"?)`}}},
		{"a SOC 3 given type1", head + "held:\n  - {report: soc3, type: type1, as_of: 2026-01-01}\n",
			[]P{{"p.yaml:6:20", `held[0].type: a SOC 3 has no type: leave type out and give its period`}}},
		{"a SOC 3 with neither period nor date", head + "held:\n  - {report: soc3, criteria: [security]}\n",
			[]P{{"p.yaml:6:5", `held[0]: a SOC 3 needs its period (period_start and period_end, YYYY-MM-DD), or as_of`}}},
		{"a SOC 3 with a bridge letter", head + "held:\n  - {report: soc3, period_start: 2025-01-01, period_end: 2025-12-31, bridge_letter_through: 2026-02-28}\n",
			[]P{{"p.yaml:6:70", `held[0].bridge_letter_through: bridge letters go with SOC 1 and SOC 2 reports`}}},
		{"a SOC 3 expected as type1", head + "expect:\n  reports:\n    - {report: soc3, type: type1}\n",
			[]P{{"p.yaml:7:22", `expect.reports[0].type: a SOC 3 has no type: leave type out`}}},
		{"criterion listed twice", head + "held:\n  - {report: soc2, type: type1, as_of: 2026-01-01, criteria: [availability, availability]}\n",
			[]P{{"p.yaml:6:77", `held[0].criteria[1]: "availability" is listed twice`}}},
		{"bad report and type", head + "held:\n  - {report: SOC 2, type: Type II, as_of: 2026-01-01}\n",
			[]P{{"p.yaml:6:14", `held[0].report: "SOC 2" is not a report (want soc1, soc2 or soc3) (did you mean "soc2"?)`},
				{"p.yaml:6:27", `held[0].type: "Type II" is not a report type (want type1 or type2) (did you mean "type2"?)`}}},
		{"held entry missing type", head + "held:\n  - report: soc1\n",
			[]P{{"p.yaml:6:5", `held[0]: missing required key "type"`}}},
		{"held not a list", head + "held: {report: soc1}\n",
			[]P{{"p.yaml:5:7", `held: expected a list, got a mapping`}}},
		{"expect: bad type and criteria on soc1", head + "expect:\n  reports:\n    - {report: soc1, type: type3, criteria: [security]}\n",
			[]P{{"p.yaml:7:28", `expect.reports[0].type: "type3" is not a report type (want type1 or type2)`},
				{"p.yaml:7:35", `expect.reports[0].criteria: criteria apply to soc2 and soc3 only, not soc1`}}},
		{"expect: duplicate report", head + "expect:\n  reports:\n    - {report: soc2, type: type1}\n    - {report: soc2, type: type2}\n",
			[]P{{"p.yaml:8:16", `expect.reports[1].report: soc2 is expected twice (first at line 7); give each report once`}}},
		{"expect: bad criterion", head + "expect:\n  reports:\n    - {report: soc2, type: type2, criteria: [integrity]}\n",
			[]P{{"p.yaml:7:46", `expect.reports[0].criteria[0]: "integrity" is not a criterion`}}},
		{"expect without reports", head + "expect: {}\n",
			[]P{{"p.yaml:5:9", `expect: missing required key "reports"`}}},
		{"expect: unknown key", head + "expect:\n  reports: []\n  strict: true\n",
			[]P{{"p.yaml:7:3", `expect: unknown key "strict" (valid keys: reports)`}}},
		{"several problems at once", "apiVersion: socpick/v1\nkind: VendorProfile\nmetadata:\n  name: Bad_Name\nanswers:\n  customer_data: maybe\n  controls_operating_months: -2\n  custmer_data: \"yes\"\nheld:\n  - {report: soc2, type: type2, period_start: 2025-01-01, criteria: [security]}\n  - {report: soc1, type: type1, as_of: 2025-13-01, criteria: [security]}\nextra: 1\n",
			[]P{
				{"p.yaml:4:9", `metadata.name: "Bad_Name" must be`},
				{"p.yaml:6:18", `answers.customer_data: "maybe" is not a valid value`},
				{"p.yaml:7:30", `answers.controls_operating_months: -2 is out of range`},
				{"p.yaml:8:3", `answers: unknown key "custmer_data"`},
				{"p.yaml:10:5", `held[0]: a type2 report needs period_end`},
				{"p.yaml:11:40", `held[1].as_of: "2025-13-01" is not a date: there is no month 13`},
				{"p.yaml:11:52", `held[1].criteria: criteria apply to soc2 and soc3 only`},
				{"p.yaml:12:1", `top level: unknown key "extra"`},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := profile.Parse("p.yaml", []byte(tt.in), qs)
			if p != nil {
				t.Errorf("got a profile with the error: %+v", p)
			}
			assertProblems(t, err, tt.want...)
		})
	}
}

func TestAliasBombRejectedQuickly(t *testing.T) {
	qs := load(t)
	var b strings.Builder
	b.WriteString(head)
	b.WriteString("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("answers:\n  services: *a9\n")
	start := time.Now()
	_, err := profile.Parse("bomb.yaml", []byte(b.String()), qs)
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
	if err == nil || !strings.HasPrefix(err.Error(), "bomb.yaml:5:5: anchors (&a0) are not supported here") ||
		!strings.HasSuffix(err.Error(), "\nbomb.yaml: ... and 42 more problems") {
		t.Errorf("err = %v", err)
	}
}

func TestReadErrors(t *testing.T) {
	qs := load(t)
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, append([]byte(head+"# "), bytes.Repeat([]byte("x"), profile.MaxSize)...), 0o644); err != nil {
		t.Fatal(err)
	}
	exact := filepath.Join(dir, "exact.yaml")
	if err := os.WriteFile(exact, append([]byte(head+"# "), bytes.Repeat([]byte("x"), profile.MaxSize-len(head)-2)...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := profile.Read(exact, qs); err != nil {
		t.Errorf("a file of exactly MaxSize bytes: %v", err)
	}
	tests := []struct{ path, want string }{
		{filepath.Join(dir, "missing.yaml"), filepath.Join(dir, "missing.yaml") + ": no such file"},
		{"vendors/x.yaml", "vendors/x.yaml: no such file"},
		{filepath.Join(profilesDir, "acme-payroll.yaml", "x.yaml"), filepath.Join(profilesDir, "acme-payroll.yaml", "x.yaml") + ": no such file"},
		{dir, dir + ": is a directory (want a profile file)"},
		{big, fmt.Sprintf("%s: file is %d bytes; the limit is 1048576 (1 MiB)", big, len(head)+2+profile.MaxSize)},
		{filepath.Join(profilesDir, "not-yaml.yaml"), filepath.Join(profilesDir, "not-yaml.yaml") + ":7:13: invalid YAML: this '[' is never closed with ']'"},
	}
	for _, tt := range tests {
		_, err := profile.Read(tt.path, qs)
		var probs *strictyaml.Problems
		if !errors.As(err, &probs) {
			t.Errorf("Read(%s): error %T %v, want *strictyaml.Problems", tt.path, err, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "open ") {
			t.Errorf("Read(%s):\n got  %v\n want %s", tt.path, err, tt.want)
		}
	}
}

// endless is an endless reader that counts what it gives.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
	}
	e.n += int64(len(p))
	return len(p), nil
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("boom") }

func TestReadFrom(t *testing.T) {
	qs := shipped(t)
	data, err := os.ReadFile(filepath.Join(profilesDir, "acme-payroll.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.ReadFrom("<stdin>", bytes.NewReader(data), qs)
	if err != nil || p.Name != "acme-payroll" || p.File != "<stdin>" {
		t.Fatalf("ReadFrom = %+v, %v", p, err)
	}
	_, err = profile.ReadFrom("<stdin>", strings.NewReader(head+"answers: {custmer_data: x}\n"), qs)
	assertProblems(t, err, problem{"<stdin>:5:11", `answers: unknown key "custmer_data"`})

	r := &endless{}
	_, err = profile.ReadFrom("<stdin>", r, qs)
	assertProblems(t, err, problem{"<stdin>", "more than 1048576 bytes (1 MiB), the limit for a profile"})
	if r.n > profile.MaxSize+64*1024 {
		t.Errorf("read %d bytes from an endless input, want about MaxSize", r.n)
	}

	_, err = profile.ReadFrom("<stdin>", failing{}, qs)
	assertProblems(t, err, problem{"<stdin>", "cannot read: boom"})
}

// TestExampleFiles reads the profiles under testdata/profiles, which the
// CLI tests and documentation use too.
func TestExampleFiles(t *testing.T) {
	qs := shipped(t)
	f := func(name string) string { return filepath.Join(profilesDir, name) }
	_, err := profile.Read(f("bad-values.yaml"), qs)
	file := f("bad-values.yaml")
	assertProblems(t, err,
		problem{file + ":6:9", `metadata.name: "Acme Payroll" must be lower-case`},
		problem{file + ":8:23", `answers.services: "sass" is not a valid value`},
		problem{file + ":9:18", `answers.customer_data: "maybe" is not a valid value (want yes or no)`},
		problem{file + ":10:30", `answers.controls_operating_months: expected a whole number from 0 to 120, got the text "14"`},
		problem{file + ":11:20", `answers.deadline_months: -3 is out of range`},
		problem{file + ":16:17", `held[0].period_end: "2026-02-30" is not a date: February 2026 has 28 days (want YYYY-MM-DD)`},
		problem{file + ":17:26", `held[0].criteria[1]: "avilability" is not a criterion`},
		problem{file + ":18:5", `held[1]: a type1 report needs as_of`},
		problem{file + ":20:5", `held[1].period_start: a type1 report describes one date`},
		problem{file + ":21:5", `held[1].criteria: criteria apply to soc2 and soc3 only, not soc1`},
		problem{file + ":24:28", `expect.reports[0].type: "Type II" is not a report type (want type1 or type2) (did you mean "type2"?)`},
	)
	_, err = profile.Read(f("unknown-key.yaml"), qs)
	assertProblems(t, err, problem{f("unknown-key.yaml") + ":8:3", `answers: unknown key "custmer_data" (valid keys: customer_requests, services,`})
	_, err = profile.Read(f("not-yaml.yaml"), qs)
	assertProblems(t, err, problem{f("not-yaml.yaml") + ":7:13", `invalid YAML: this '[' is never closed with ']'`})
}

func TestNilQuestionnaire(t *testing.T) {
	_, err := profile.Parse("p.yaml", []byte(head+"answers: {customer_data: \"yes\"}\n"), nil)
	assertProblems(t, err, problem{"p.yaml:5:10", "answers: cannot be checked: no questionnaire is loaded"})
}

// FuzzParse: whatever the bytes, Parse neither panics nor returns anything
// but a profile or *strictyaml.Problems.
func FuzzParse(f *testing.F) {
	qs := shipped(f)
	for _, name := range []string{"acme-payroll.yaml", "bad-values.yaml", "unknown-key.yaml", "not-yaml.yaml"} {
		data, err := os.ReadFile(filepath.Join(profilesDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(head + "held:\n  - {report: soc2, type: type2, period_start: 2025-01-01, period_end: 2025-12-31, criteria: [privacy]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := profile.Parse("f.yaml", data, qs)
		if err != nil {
			var probs *strictyaml.Problems
			if p != nil || !errors.As(err, &probs) || len(probs.Items) == 0 {
				t.Fatalf("Parse = %v, %T %v", p, err, err)
			}
			return
		}
		if p.Name == "" || p.Answers == nil {
			t.Fatalf("profile without a name or answers: %+v", p)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	qs := shipped(b)
	data, err := os.ReadFile(filepath.Join(profilesDir, "acme-payroll.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := profile.Parse("acme-payroll.yaml", data, qs); err != nil {
			b.Fatal(err)
		}
	}
}
