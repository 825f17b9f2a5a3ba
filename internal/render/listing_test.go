package render_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/render"
	"github.com/socpick/socpick/internal/ruletest"
	"github.com/socpick/socpick/internal/strictyaml"
)

// tinyRules is a ruleset written for the listing tests: three questions
// (a choice, a list asked on a condition, an integer) and two rules, one
// of which reads the recommended reports.
var tinyRules = fstest.MapFS{
	"questions.yaml": {Data: []byte(`apiVersion: socpick/v1
kind: Questionnaire
questions:
  - key: customer_data
    kind: choice
    prompt: Do you handle customers' data?
    help: Any customer data counts.
    options:
      - {value: "yes", label: "Yes", description: "we handle it"}
      - {value: "no", label: "No"}
  - key: data_types
    kind: list
    prompt: Which kinds?
    help: Pick every kind.
    options:
      - {value: personal, label: Personal data}
      - {value: health, label: Health data, description: "clinical records"}
    ask_if: customer_data == "yes"
  - key: controls_operating_months
    kind: integer
    prompt: For how many months have your controls operated?
    help: Count from the start.
    min: 0
    max: 120
`)},
	"catalog.yaml": {Data: []byte(`apiVersion: socpick/v1
kind: Catalog
reports:
  - {id: soc1, name: SOC 1}
  - {id: soc2, name: SOC 2}
  - {id: soc3, name: SOC 3}
types:
  - {id: type1, name: Type I}
  - {id: type2, name: Type II}
criteria:
  - {id: security, name: Security}
  - {id: availability, name: Availability}
  - {id: processing-integrity, name: Processing Integrity}
  - {id: confidentiality, name: Confidentiality}
  - {id: privacy, name: Privacy}
also_consider: []
estimates: []
`)},
	"10-tiny.rules.yaml": {Data: []byte(`apiVersion: socpick/v1
kind: Rules
rules:
  - id: soc2-customer-data
    description: Customers' data calls for a SOC 2.
    when: customer_data == "yes"
    recommend: [soc2]
    reason: >-
      You handle
      customers' data.
`)},
	"20-tiny.rules.yaml": {Data: []byte(`apiVersion: socpick/v1
kind: Rules
rules:
  - id: type2-settled
    when: '"soc2" in reports && controls_operating_months >= 6'
    type: {soc2: type2}
    priority: 5
    reason: Your controls have operated long enough for a Type II period.
    next_steps: [Book the auditor.]
`)},
}

func loadTiny(t *testing.T) *engine.Ruleset {
	t.Helper()
	rs, err := engine.Load(tinyRules)
	if err != nil {
		t.Fatalf("the tiny ruleset: %v", err)
	}
	return rs
}

func draw(t *testing.T, f func(*bytes.Buffer) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestQuestionsText(t *testing.T) {
	rs := loadTiny(t)
	r, err := render.QuestionsOutput.Get("text", render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := draw(t, func(b *bytes.Buffer) error { return r.Questions(b, rs.Questions) })
	want := `1. customer_data  --customer-data <yes|no>
   Do you handle customers' data?
     yes  Yes: we handle it
     no   No

2. data_types  --data-types <personal,health>
   Which kinds?
     personal  Personal data
     health    Health data: clinical records
   several values, comma-separated
   asked only when customer_data == "yes"

3. controls_operating_months  --controls-operating-months <0-120>
   For how many months have your controls operated?
   a whole number from 0 to 120
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestQuestionsJSON(t *testing.T) {
	rs := loadTiny(t)
	r, _ := render.QuestionsOutput.Get("json", render.Options{})
	got := draw(t, func(b *bytes.Buffer) error { return r.Questions(b, rs.Questions) })
	var doc struct {
		APIVersion, Kind string
		Questions        []map[string]any
	}
	if err := json.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatalf("%v\n%s", err, got)
	}
	if doc.APIVersion != "socpick/v1" || doc.Kind != "Questionnaire" || len(doc.Questions) != 3 {
		t.Fatalf("envelope %q %q, %d questions:\n%s", doc.APIVersion, doc.Kind, len(doc.Questions), got)
	}
	q := doc.Questions[1]
	if q["key"] != "data_types" || q["flag"] != "--data-types" || q["kind"] != "list" || q["ask_if"] != `customer_data == "yes"` {
		t.Errorf("data_types = %v", q)
	}
	if _, ok := doc.Questions[0]["min"]; ok {
		t.Errorf("a choice has no min: %v", doc.Questions[0])
	}
	if q := doc.Questions[2]; q["min"] != 0.0 || q["max"] != 120.0 || q["options"] != nil {
		t.Errorf("the integer = %v", q)
	}
	if !strings.Contains(got, `"ask_if": "customer_data == \"yes\""`) {
		t.Errorf("not indented by two spaces, or < > & escaped:\n%s", got)
	}
}

func TestRulesListAndShow(t *testing.T) {
	rs := render.Rules{Ruleset: loadTiny(t), Dir: "my-rules"}
	text, _ := render.RulesOutput.Get("text", render.Options{})
	got := draw(t, func(b *bytes.Buffer) error { return text.Rules(b, rs) })
	want := `my-rules/10-tiny.rules.yaml
  soc2-customer-data  recommend soc2

my-rules/20-tiny.rules.yaml
  type2-settled       type soc2=type2 (priority 5); next steps

2 rules; 'socpick rules show ID' shows one whole.
Rules without (priority N) have priority 0. Of the fired rules that set a
report's type or interim step, the highest priority decides.
`
	if got != want {
		t.Errorf("rules list:\n%s\nwant:\n%s", got, want)
	}

	got = draw(t, func(b *bytes.Buffer) error { return text.Rule(b, rs, rs.Ruleset.Rule("type2-settled")) })
	want = `type2-settled  (my-rules/20-tiny.rules.yaml:4, rule 2 of 2)

when:     "soc2" in reports && controls_operating_months >= 6
reads:    reports (the recommended reports)
          controls_operating_months (For how many months have your controls operated?)
outcome:  type soc2=type2 (priority 5); next steps
priority: 5
reason:   Your controls have operated long enough for a Type II period.
next:     Book the auditor.
`
	if got != want {
		t.Errorf("rules show:\n%s\nwant:\n%s", got, want)
	}

	js, _ := render.RulesOutput.Get("json", render.Options{})
	got = draw(t, func(b *bytes.Buffer) error { return js.Rules(b, rs) })
	var list []map[string]any
	if err := json.Unmarshal([]byte(got), &list); err != nil || len(list) != 2 {
		t.Fatalf("rules list --format json: %v\n%s", err, got)
	}
	if r := list[0]; r["id"] != "soc2-customer-data" || r["file"] != "my-rules/10-tiny.rules.yaml" || r["reason"] != "You handle customers' data." {
		t.Errorf("first rule = %v", r)
	}
	one := draw(t, func(b *bytes.Buffer) error { return js.Rule(b, rs, rs.Ruleset.Rule("soc2-customer-data")) })
	var shown map[string]any
	if err := json.Unmarshal([]byte(one), &shown); err != nil || shown["id"] != "soc2-customer-data" || shown["line"] != 4.0 {
		t.Errorf("rules show --format json: %v %v", err, shown)
	}
	if reads, ok := shown["reads"].([]any); !ok || len(reads) != 1 {
		t.Errorf("reads = %#v, want [customer_data]", shown["reads"])
	}
}

// TestRulesPriorities: rules list and show in text give every rule's
// priority: on the rule's line where it is not 0 or ranks an outcome (a
// type, an interim step), and the others are said to have 0; show has a
// line of it. JSON has the priority field on every rule.
func TestRulesPriorities(t *testing.T) {
	fsys := maps.Clone(tinyRules)
	fsys["30-tiny.rules.yaml"] = &fstest.MapFile{Data: []byte(`apiVersion: socpick/v1
kind: Rules
rules:
  - id: interim-early
    when: '"soc2" in reports && controls_operating_months < 3'
    interim: [soc2]
    priority: 3
    reason: A Type I first.
  - id: criteria-security
    when: '"soc2" in reports'
    criteria: [security]
    priority: 7
    reason: Security always.
`)}
	loaded, err := engine.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	rs := render.Rules{Ruleset: loaded, Dir: "my-rules"}
	text, err := render.RulesOutput.Get("text", render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := draw(t, func(b *bytes.Buffer) error { return text.Rules(b, rs) })
	want := `my-rules/10-tiny.rules.yaml
  soc2-customer-data  recommend soc2

my-rules/20-tiny.rules.yaml
  type2-settled       type soc2=type2 (priority 5); next steps

my-rules/30-tiny.rules.yaml
  interim-early       interim soc2 (priority 3)
  criteria-security   criteria security (priority 7)

4 rules; 'socpick rules show ID' shows one whole.
Rules without (priority N) have priority 0. Of the fired rules that set a
report's type or interim step, the highest priority decides.
`
	if got != want {
		t.Errorf("rules list:\n%s\nwant:\n%s", got, want)
	}
	for id, want := range map[string]string{
		"type2-settled":      "outcome:  type soc2=type2 (priority 5); next steps\npriority: 5\nreason:",
		"interim-early":      "outcome:  interim soc2\npriority: 3\nreason:",
		"soc2-customer-data": "outcome:  recommend soc2\npriority: 0 (ranks only type and interim outcomes; this rule has none)\nreason:",
	} {
		got := draw(t, func(b *bytes.Buffer) error { return text.Rule(b, rs, loaded.Rule(id)) })
		if !strings.Contains(got, want) {
			t.Errorf("rules show %s lacks %q:\n%s", id, want, got)
		}
	}

	js, err := render.RulesOutput.Get("json", render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var list []struct {
		ID       string `json:"id"`
		Priority *int   `json:"priority"`
	}
	if err := json.Unmarshal([]byte(draw(t, func(b *bytes.Buffer) error { return js.Rules(b, rs) })), &list); err != nil {
		t.Fatal(err)
	}
	for i, wantPrio := range []int{0, 5, 3, 7} {
		if list[i].Priority == nil || *list[i].Priority != wantPrio {
			t.Errorf("%s: priority %v, want %d", list[i].ID, list[i].Priority, wantPrio)
		}
	}
	if _, err := render.RulesOutput.Get("yaml", render.Options{}); err == nil || err.Error() != `unknown format "yaml" (want text or json)` {
		t.Errorf("yaml: %v", err)
	}
}

func TestRuleTests(t *testing.T) {
	rules := loadTiny(t).Rules
	suite := &ruletest.Suite{File: "my-rules/tiny.test.yaml"}
	pass := &ruletest.Result{Suite: suite, Case: &ruletest.Case{Name: "data", Pos: strictyaml.Pos{Line: 5}}}
	fail := &ruletest.Result{Suite: suite, Case: &ruletest.Case{Name: "no data", Pos: strictyaml.Pos{Line: 9}},
		Failures: []string{"reports:\n  expected: soc2 type2\n  actual:   none"}}
	tests := render.RuleTests{Results: []*ruletest.Result{pass, fail}, Failed: 1}

	got := drawRuleTests(t, "text", tests, render.Tool{})
	want := `FAIL  my-rules/tiny.test.yaml:9: no data
      reports:
        expected: soc2 type2
        actual:   none
1 passed, 1 failed
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}

	tests.Verbose = true
	tests.ShowCoverage, tests.Covered, tests.Total, tests.Percent = true, 1, 2, 50
	tests.Uncovered, tests.Dir = rules[1:], "my-rules"
	tests.BelowThreshold, tests.Threshold = true, 75
	got = drawRuleTests(t, "text", tests, render.Tool{})
	want = `ok    my-rules/tiny.test.yaml:5: data
FAIL  my-rules/tiny.test.yaml:9: no data
      reports:
        expected: soc2 type2
        actual:   none
coverage: 1 of 2 rules fire in some case (50.0%)
  not covered: type2-settled (my-rules/20-tiny.rules.yaml:4)
1 passed, 1 failed
coverage 50.0% is below the threshold of 75%
`
	if got != want {
		t.Errorf("verbose, with coverage:\n%s\nwant:\n%s", got, want)
	}
}

func TestGraph(t *testing.T) {
	rs := loadTiny(t)
	for format, want := range map[string][]string{
		"mermaid": {"flowchart LR\n", `q_customer_data(["customer_data"])`, `r_soc2_customer_data["soc2-customer-data"]`,
			"q_customer_data --> r_soc2_customer_data", "o_recommend_soc2 -.-> q_reports"},
		"dot": {"digraph socpick_rules {\n", `"q_customer_data" -> "r_soc2-customer-data";`, `"o_recommend_soc2" -> "q_reports" [style=dashed];`},
	} {
		g, err := render.GraphOutput.Get(format, render.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := draw(t, func(b *bytes.Buffer) error { return g.Graph(b, rs, render.GraphFilter{}) })
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", format, w, got)
			}
		}
		part := draw(t, func(b *bytes.Buffer) error {
			return g.Graph(b, rs, render.GraphFilter{Questions: []string{"controls_operating_months"}})
		})
		if strings.Contains(part, "soc2-customer-data") || !strings.Contains(part, "type2-settled") {
			t.Errorf("%s: the rules reading controls_operating_months are type2-settled alone:\n%s", format, part)
		}
	}
}
