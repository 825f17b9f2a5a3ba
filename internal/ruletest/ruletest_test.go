package ruletest_test

import (
	"os"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/ruletest"
	"github.com/socpick/socpick/rules"
)

// fixtureDir is the small ruleset written for the tests (see its
// questions.yaml), so that the default ruleset can change without changing
// these tests.
const fixtureDir = "../../testdata/fixture-rules"

func loadFixture(t *testing.T) *engine.Ruleset {
	t.Helper()
	rs, err := engine.Load(os.DirFS(fixtureDir))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// defaults answer every question of the fixture: a SaaS with health data
// and controls of 14 months, for which it recommends a SOC 2 Type II
// (Security) and nothing else.
const defaults = `apiVersion: socpick/v1
kind: RuleTests
defaults:
  services: [saas]
  financial_reporting_impact: "no"
  customer_data: "yes"
  data_types: [health]
  controls_operating_months: 14
  type2_required: "no"
tests:
`

func run(t *testing.T, cases string) []*ruletest.Result {
	t.Helper()
	rs := loadFixture(t)
	s, err := ruletest.Parse("t.test.yaml", []byte(defaults+cases), rs)
	if err != nil {
		t.Fatal(err)
	}
	return ruletest.Run(rs, []*ruletest.Suite{s})
}

// Each kind of expectation fails when the decision differs, saying what
// was expected and what the rules decided; and passes when it matches.
func TestFailuresShowExpectedAgainstActual(t *testing.T) {
	tests := []struct {
		name, expect, want string
	}{
		{"matching", `{reports: [{report: soc2, type: type2, criteria: [security], interim: none}], fired: [soc2-customer-data], not_fired: [soc1-financial-impact]}`, ""},
		{"another type", `{reports: [{report: soc2, type: type1}]}`,
			"reports:\n  expected: soc2 type1\n  actual:   soc2 type2"},
		{"a report too many", `{reports: [{report: soc1, type: type2}, {report: soc2, type: type2}]}`,
			"reports:\n  expected: soc1 type2; soc2 type2\n  actual:   soc2 type2"},
		{"no report", `{reports: []}`,
			"reports:\n  expected: (none)\n  actual:   soc2 type2"},
		{"criteria", `{reports: [{report: soc2, type: type2, criteria: [security, privacy]}]}`,
			"reports:\n  expected: soc2 type2 [security privacy]\n  actual:   soc2 type2 [security]"},
		{"interim", `{reports: [{report: soc2, type: type2, interim: type1}]}`,
			"reports:\n  expected: soc2 type2 interim type1\n  actual:   soc2 type2 interim none"},
		{"also consider", `{also_consider: [pci-dss]}`,
			"also_consider:\n  expected: pci-dss\n  actual:   (none)"},
		{"fired", `{fired: [soc1-financial-impact]}`, "fired: rule soc1-financial-impact did not fire (fired: "},
		{"not fired", `{not_fired: [soc2-customer-data]}`, "not_fired: rule soc2-customer-data fired"},
		{"no obligation", `{obligations: []}`, ""},
		{"an obligation", `{obligations: [pci-dss]}`, "obligations:\n  expected: pci-dss\n  actual:   (none)"},
		{"no warning", `{warnings: []}`, ""},
		{"a warning", `{warnings: [contradiction]}`, "warnings:\n  expected: contradiction\n  actual:   (none)"},
	}
	var cases strings.Builder
	for _, tt := range tests {
		cases.WriteString("  - name: " + tt.name + "\n    expect: " + tt.expect + "\n")
	}
	results := run(t, cases.String())
	for i, tt := range tests {
		r := results[i]
		got := strings.Join(r.Failures, "\n")
		if tt.want == "" && !r.Passed() || !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// A case names the sources its decision rests on, checked against the
// ruleset's sources file; a SOC 3 is expected without a type, a SOC 1 or
// SOC 2 with one; obligation ids and warning codes are checked too.
func TestCaseProblems(t *testing.T) {
	rs := loadFixture(t)
	for _, tt := range []struct{ yaml, want string }{
		{"  - {name: a, sources: [fixtur], expect: {reports: []}}\n", `t.test.yaml:11:25: tests[0]: sources: "fixtur" is not a source of sources.yaml (did you mean "fixture"?)`},
		{"  - {name: a, expect: {reports: [{report: soc3, type: type2}]}}\n", `tests[0].expect.reports[0].type: a SOC 3 has no type; leave type out`},
		{"  - {name: a, expect: {reports: [{report: soc2}]}}\n", `tests[0].expect.reports[0]: missing key type (want type1 or type2)`},
		{"  - {name: a, expect: {obligations: [pci]}}\n", `"pci" is not`},
		{"  - {name: a, expect: {warnings: [contradictions]}}\n", `"contradictions" is not`},
	} {
		_, err := ruletest.Parse("t.test.yaml", []byte(defaults+tt.yaml), rs)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v\nwant %s", strings.TrimSpace(tt.yaml), err, tt.want)
		}
	}
	s, err := ruletest.Parse("t.test.yaml", []byte(defaults+"  - {name: a, sources: [fixture], expect: {reports: [{report: soc2, type: type2}]}}\n"), rs)
	if err != nil || len(s.Cases) != 1 || len(s.Cases[0].Sources) != 1 {
		t.Errorf("a case citing the fixture's source: %v %+v", err, s)
	}
}

func TestCoverage(t *testing.T) {
	rs := loadFixture(t)
	results := run(t, "  - name: one\n    expect: {fired: [soc2-customer-data]}\n")
	uncovered := ruletest.Coverage(rs, results)
	if len(uncovered) == 0 || len(uncovered) >= len(rs.Rules) {
		t.Fatalf("%d of %d rules uncovered by one case", len(uncovered), len(rs.Rules))
	}
	for _, r := range uncovered {
		if r.ID == "soc2-customer-data" {
			t.Error("a rule that fired is listed as uncovered")
		}
	}
}

// Plan expectations: the deadline verdict and milestones, on the day the
// file or the case says, with held reports; a failure lists the plan's
// milestones as they are, in the words of the expectation.
func TestPlanExpectations(t *testing.T) {
	rs, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	const head = `apiVersion: socpick/v1
kind: RuleTests
as_of: 2026-11-29
defaults:
  customer_requests: [none]
  services: [saas]
  financial_reporting_impact: "no"
  financial_systems: "no"
  sox_customers: "no"
  customer_data: "no"
  security_reviews: "yes"
  availability_commitments: "no"
  processing_integrity: "no"
  public_report: "no"
  controls_operating_months: 2
  first_examination: "yes"
  deadline_months: 4
  type2_required: "no"
  customer_regions: [us]
  subservice_providers: "no"
  significant_changes: "no"
tests:
`
	s, err := ruletest.Parse("p.test.yaml", []byte(head+`  - name: right
    expect:
      deadline: met
      milestones:
        - {id: type2-period, report: soc2, type: type2, start: 2026-10-01, end: 2027-03-31}
        - {id: report, date: 2027-06-30}
  - name: wrong
    as_of: 2027-01-15
    held:
      - {report: soc2, type: type1, as_of: 2027-01-01, criteria: [security]}
    expect:
      deadline: unmet
      milestones:
        - {id: report, report: soc2, date: 2027-06-30}
`), rs)
	if err != nil {
		t.Fatal(err)
	}
	res := ruletest.Run(rs, []*ruletest.Suite{s})
	if !res[0].Passed() {
		t.Errorf("right: %v", res[0].Failures)
	}
	got := strings.Join(res[1].Failures, "\n")
	for _, want := range []string{"deadline:\n  expected: unmet\n  actual:   met", "milestones: no report soc2 2027-06-30\n  actual: "} {
		if !strings.Contains(got, want) {
			t.Errorf("wrong: failures\n%s\nlack %q", got, want)
		}
	}
	_, err = ruletest.Parse("p.test.yaml", []byte(head+`  - name: bad
    expect:
      milestones:
        - {id: reprot, date: 2027-06-30, start: 2027-01-01}
        - {id: report, type: type3}
`), rs)
	for _, want := range []string{
		`p.test.yaml:26:12: tests[0].expect.milestones[0].id: "reprot" is not a known milestone id (did you mean "report"?)`,
		`tests[0].expect.milestones[0]: give a day (date) or a span (start, end), not both`,
		`tests[0].expect.milestones[1].type: "type3" is not a known report type`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v\nwant %s", err, want)
		}
	}
}
