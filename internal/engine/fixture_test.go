package engine_test

import (
	"errors"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/ruletest"
)

// fixtureDir is the small ruleset written for the tests: six questions and a
// dozen rules whose decisions testdata/fixture-rules/fixture.test.yaml
// states. The semantics of evaluation are tested on it, and on rules written
// inline below, so that the default ruleset can grow without breaking them.
const fixtureDir = "../../testdata/fixture-rules"

// fixtureFS returns the fixture ruleset's files, with files replaced or
// added by name (a "" value removes the file).
func fixtureFS(t testing.TB, files map[string]string) fstest.MapFS {
	t.Helper()
	entries, err := os.ReadDir(fixtureDir)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, e := range entries {
		data, err := os.ReadFile(path.Join(fixtureDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fsys[e.Name()] = &fstest.MapFile{Data: data}
	}
	for name, data := range files {
		if data == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func loadFixture(t testing.TB, files map[string]string) *engine.Ruleset {
	t.Helper()
	rs, err := engine.Load(fixtureFS(t, files))
	if err != nil {
		t.Fatalf("loading the fixture ruleset: %v", err)
	}
	return rs
}

// fixtureAnswers are the fixture suite's defaults, a SaaS with personal data
// whose controls have operated for a year, with overrides.
func fixtureAnswers(overrides questionnaire.Answers) questionnaire.Answers {
	a := questionnaire.Answers{
		"services":                   []string{"saas"},
		"financial_reporting_impact": "no",
		"customer_data":              "yes",
		"data_types":                 []string{"personal"},
		"controls_operating_months":  12,
		"type2_required":             "no",
	}
	for k, v := range overrides {
		a[k] = v
	}
	return a
}

func evaluate(t *testing.T, rs *engine.Ruleset, a questionnaire.Answers) *engine.Decision {
	t.Helper()
	d, err := rs.Evaluate(a)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The fixture decides what its suite says, every rule of it fires in some
// case, and it is clean: the tests below can trust it.
func TestFixtureSuite(t *testing.T) {
	rs := loadFixture(t, nil)
	suites, err := ruletest.Load(fixtureFS(t, nil), "fixture-rules", rs)
	if err != nil || len(suites) == 0 {
		t.Fatalf("the fixture's suite: %v (%d files)", err, len(suites))
	}
	results := ruletest.Run(rs, suites)
	for _, r := range results {
		if !r.Passed() {
			t.Errorf("%s:%d: %s:\n%s", r.Suite.File, r.Case.Pos.Line, r.Case.Name, strings.Join(r.Failures, "\n"))
		}
	}
	for _, r := range ruletest.Coverage(rs, results) {
		t.Errorf("fixture rule %s is fired by no case", r.ID)
	}
	for _, f := range rs.Analyze(t.Context(), 2000).Findings {
		t.Error(f)
	}
}

// Reasons are templates filled in from the answers: numbers in words with
// plural, options by their labels in prose.
func TestReasonsSpeakOfTheAnswers(t *testing.T) {
	rs := loadFixture(t, nil)
	d := evaluate(t, rs, fixtureAnswers(questionnaire.Answers{"controls_operating_months": 1}))
	if len(d.Reports) != 1 || d.Reports[0].Type != "type1" {
		t.Fatalf("got %s, want a SOC 2 Type I", d.Summary)
	}
	text := strings.Join(texts(d.Reports[0].Reasons), " ")
	if !strings.Contains(text, "operated for 1 month and") || !strings.Contains(text, "2 months from now") {
		t.Errorf("the Type I reason does not speak of the answers:\n%s", text)
	}

	d = evaluate(t, rs, fixtureAnswers(questionnaire.Answers{
		"financial_reporting_impact": "unsure", "services": []string{"payroll", "billing", "lending"}}))
	text = strings.Join(texts(d.Reports[0].Reasons), " ")
	if !strings.Contains(text, "you offer payroll; billing and invoicing; and lending and loan servicing,") {
		t.Errorf("the SOC 1 reason does not name the services in prose:\n%s", text)
	}
}

func TestInterimSaysWhenTypeIICanFollow(t *testing.T) {
	rs := loadFixture(t, nil)
	d := evaluate(t, rs, fixtureAnswers(questionnaire.Answers{"type2_required": "yes", "controls_operating_months": 2}))
	in := d.Reports[0].Interim
	if in == nil || in.Type != "type1" || in.Rule != "interim-new-controls" || !strings.Contains(in.Text, "no sooner than 4 months from now") {
		t.Errorf("interim = %+v; want a Type I ending no sooner than 4 months from now", in)
	}
	if d.Summary != "SOC 2 Type II (Type I first)" {
		t.Errorf("summary = %q", d.Summary)
	}
}

func TestAnswersNotAskedAreIgnored(t *testing.T) {
	rs := loadFixture(t, nil)
	// data_types is asked only when customer_data is yes.
	d := evaluate(t, rs, fixtureAnswers(questionnaire.Answers{
		"financial_reporting_impact": "yes", "customer_data": "no", "data_types": []string{"cardholder"}}))
	if slices.Contains(d.Fired, "consider-pci-dss") || len(d.AlsoConsider) > 0 {
		t.Errorf("data_types was read though customer_data is no: fired %v", d.Fired)
	}
	if d.Summary != "SOC 1 Type II" {
		t.Errorf("summary = %q, want SOC 1 Type II", d.Summary)
	}
}

// outline is a decision in one line, for comparison: reports with type,
// criteria and interim, then the also-consider items, notes and next steps
// with the rules they come from.
func outline(d *engine.Decision) string {
	var parts []string
	for _, r := range d.Reports {
		s := r.Report + " " + string(r.Type)
		if len(r.Criteria) > 0 {
			s += " [" + strings.Join(r.Criteria, " ") + "]"
		}
		if r.Interim != nil {
			s += " interim " + r.Interim.Type + " (" + r.Interim.Rule + ")"
		}
		parts = append(parts, s)
	}
	for _, c := range d.AlsoConsider {
		parts = append(parts, "consider "+c.ID+" ("+c.Rule+")")
	}
	for _, n := range d.Notes {
		parts = append(parts, "note ("+n.Rule+")")
	}
	for _, n := range d.NextSteps {
		parts = append(parts, "step ("+n.Rule+")")
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, "; ")
}

// How a decision is made (docs/rules.md), one rule of it per case, on
// rules written for the case over the fixture's questions and catalog.
func TestHowADecisionIsMade(t *testing.T) {
	const head = "apiVersion: socpick/v1\nkind: Rules\nrules:\n"
	rule := func(id, body string) string {
		return fmt.Sprintf("  - {id: %s, reason: Because of %s., %s}\n", id, id, body)
	}
	soc2 := rule("soc2", `when: customer_data == "yes", recommend: [soc2]`)
	type2 := rule("type2", `when: len(reports) > 0, type: {soc1: type2, soc2: type2}`)
	tests := []struct {
		name    string
		rules   string
		answers questionnaire.Answers
		want    string
	}{
		{"a report is recommended by a rule", soc2 + type2, nil, "soc2 type2"},
		{"exclusion wins over a recommendation, and says why as a note",
			soc2 + rule("no-soc2", `when: '"cardholder" in data_types', exclude: [soc2]`) + type2,
			questionnaire.Answers{"data_types": []string{"cardholder"}}, "note (no-soc2)"},
		{"exclusion applies only when its rule fires",
			soc2 + rule("no-soc2", `when: '"cardholder" in data_types', exclude: [soc2]`) + type2,
			nil, "soc2 type2"},
		{"the highest priority sets the type, wherever it stands",
			rule("type1", `when: len(reports) > 0, type: {soc2: type1}, priority: 5`) + soc2 + type2,
			nil, "soc2 type1"},
		{"the interim Type I comes with a Type II",
			soc2 + type2 + rule("interim", `when: controls_operating_months < 6, interim: [soc2]`),
			questionnaire.Answers{"controls_operating_months": 2}, "soc2 type2 interim type1 (interim)"},
		{"no interim step before a Type I",
			soc2 + type2 + rule("type1", `when: len(reports) > 0, type: {soc2: type1}, priority: 5`) +
				rule("interim", `when: controls_operating_months < 6, interim: [soc2]`),
			questionnaire.Answers{"controls_operating_months": 2}, "soc2 type1"},
		{"the highest-priority interim rule gives the text",
			soc2 + type2 + rule("interim-a", `when: len(reports) > 0, interim: [soc2], priority: 1`) +
				rule("interim-b", `when: len(reports) > 0, interim: [soc2], priority: 2`),
			nil, "soc2 type2 interim type1 (interim-b)"},
		{"later rules read the reports left after exclusion",
			soc2 + rule("no-soc2", `when: '"cardholder" in data_types', exclude: [soc2]`) + type2 +
				rule("seen", `when: '"soc2" in reports', note: true`),
			questionnaire.Answers{"data_types": []string{"cardholder"}}, "note (no-soc2)"},
		{"criteria accumulate in catalog order, for SOC 2 and SOC 3 only",
			soc2 + rule("soc1", `when: financial_reporting_impact == "yes", recommend: [soc1]`) + type2 +
				rule("privacy", `when: len(reports) > 0, criteria: [privacy]`) +
				rule("security", `when: len(reports) > 0, criteria: [security, availability]`),
			questionnaire.Answers{"financial_reporting_impact": "yes"}, "soc1 type2; soc2 type2 [security availability privacy]"},
		{"an also-consider item once, in catalog order, from the first rule naming it",
			soc2 + type2 + rule("letter", `when: len(reports) > 0, also_consider: [bridge-letter]`) +
				rule("pci-a", `when: len(reports) > 0, also_consider: [pci-dss]`) +
				rule("pci-b", `when: len(reports) > 0, also_consider: [pci-dss, bridge-letter]`),
			nil, "soc2 type2; consider pci-dss (pci-a); consider bridge-letter (letter)"},
		{"notes and next steps in rule order",
			soc2 + type2 + rule("step", `when: len(reports) > 0, next_steps: [Do it.]`) +
				rule("note", `when: len(reports) > 0, note: true`),
			nil, "soc2 type2; note (note); step (step)"},
		{"no report fired", soc2 + type2, questionnaire.Answers{"customer_data": "no"}, "nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := loadFixture(t, map[string]string{"fixture.rules.yaml": "", "t.rules.yaml": head + tt.rules})
			d := evaluate(t, rs, fixtureAnswers(tt.answers))
			if got := outline(d); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// A recommended report that no fired rule gives a type is an error of the
// ruleset, naming the report and the rules that fired.
func TestReportWithoutATypeIsAnError(t *testing.T) {
	rs := loadFixture(t, map[string]string{"fixture.rules.yaml": "", "t.rules.yaml": `apiVersion: socpick/v1
kind: Rules
rules:
  - {id: soc2, when: customer_data == "yes", recommend: [soc2], reason: Data.}
  - {id: type2, when: '"soc1" in reports', type: {soc1: type2}, reason: Type II.}
`})
	_, err := rs.Evaluate(fixtureAnswers(nil))
	var inc *engine.IncompleteError
	if !errors.As(err, &inc) || inc.Report != "soc2" || !slices.Equal(inc.Fired, []string{"soc2"}) ||
		!strings.Contains(err.Error(), "recommends soc2 but no rule sets its type") {
		t.Errorf("got %v, want an IncompleteError for soc2 after rule soc2", err)
	}
}
