package engine_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/ruletest"
	"github.com/socpick/socpick/rules"
)

func loadDefault(t testing.TB) *engine.Ruleset {
	t.Helper()
	rs, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatalf("loading the default ruleset: %v", err)
	}
	return rs
}

// base is a vendor that needs nothing: every case below says what differs.
func base() questionnaire.Answers {
	return questionnaire.Answers{
		"services":                   []string{"other"},
		"financial_reporting_impact": "no",
		"sox_customers":              "no",
		"customer_data":              "no",
		"security_reviews":           "no",
		"availability_commitments":   "no",
		"processing_integrity":       "no",
		"public_report":              "no",
		"controls_operating_months":  12,
		"first_examination":          "no",
		"deadline_months":            0,
		"type2_required":             "no",
		"customer_regions":           []string{"us"},
		"subservice_providers":       "no",
		"significant_changes":        "no",
	}
}

func with(overrides questionnaire.Answers) questionnaire.Answers {
	a := base()
	for k, v := range overrides {
		a[k] = v
	}
	return a
}

var s = func(v ...string) []string { return v }

// suite loads the default ruleset's own test cases, rules/*.test.yaml: the
// seeds' situations and domain.md's rules with the advice each must give.
func suite(t testing.TB, rs *engine.Ruleset) []*ruletest.Suite {
	t.Helper()
	suites, err := ruletest.Load(rules.FS, "rules", rs)
	if err != nil {
		t.Fatal(err)
	}
	if len(suites) == 0 {
		t.Fatal("the default ruleset ships no test cases")
	}
	return suites
}

// The default ruleset passes its own suite, every rule is fired by some
// case, and every decision explains itself.
func TestDefaultSuite(t *testing.T) {
	rs := loadDefault(t)
	suites := suite(t, rs)
	results := ruletest.Run(rs, suites)
	for _, r := range results {
		if !r.Passed() {
			t.Errorf("%s:%d: %s:\n%s", r.Suite.File, r.Case.Pos.Line, r.Case.Name, strings.Join(r.Failures, "\n"))
		}
	}
	for _, r := range ruletest.Coverage(rs, results) {
		t.Errorf("rule %s (%s:%d) is fired by no case", r.ID, r.File, r.Pos.Line)
	}
	for _, st := range suites {
		for _, c := range st.Cases {
			t.Run(c.Name, func(t *testing.T) {
				d, err := rs.Evaluate(c.Answers)
				if err != nil {
					t.Fatal(err)
				}
				checkExplained(t, d)
			})
		}
	}
}

// checkExplained asserts what every decision owes its reader: each report
// has reasons, the reason for its type among them, every text is a filled
// sentence naming a fired rule and a source.
func checkExplained(t *testing.T, d *engine.Decision) {
	t.Helper()
	var all []engine.Reason
	for _, r := range d.Reports {
		if len(r.Reasons) < 2 {
			t.Errorf("%s has %d reasons; want why the report and why the type", r.Report, len(r.Reasons))
		}
		all = append(all, r.Reasons...)
		if r.Interim != nil {
			all = append(all, engine.Reason{Rule: r.Interim.Rule, Text: r.Interim.Text, Source: r.Interim.Source})
		}
		if r.Type == "type1" && !strings.Contains(strings.Join(texts(r.Reasons), " "), "Type II becomes possible") {
			t.Errorf("%s Type I: the reasons do not say when a Type II becomes possible", r.Report)
		}
	}
	all = append(all, d.Notes...)
	all = append(all, d.NextSteps...)
	for _, c := range d.AlsoConsider {
		all = append(all, engine.Reason{Rule: c.Rule, Text: c.Text, Source: c.Source})
	}
	for _, r := range all {
		if !slices.Contains(d.Fired, r.Rule) {
			t.Errorf("text from rule %q, which is not in fired", r.Rule)
		}
		if r.Source == "" || len(r.Text) < 20 || strings.Contains(r.Text, "{{") || !strings.HasSuffix(r.Text, ".") {
			t.Errorf("rule %s: want a full sentence with a source, got %q (source %q)", r.Rule, r.Text, r.Source)
		}
	}
	if d.Summary == "" {
		t.Error("empty summary")
	}
}

func texts(rs []engine.Reason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Text
	}
	return out
}

func TestTypeIReasonSaysWhen(t *testing.T) {
	rs := loadDefault(t)
	d, err := rs.Evaluate(with(questionnaire.Answers{"security_reviews": "yes", "first_examination": "yes", "controls_operating_months": 1}))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(texts(d.Reports[0].Reasons), " ")
	if !strings.Contains(text, "operated for 1 month and") || !strings.Contains(text, "2 months from now") {
		t.Errorf("Type I reason does not speak of the answers:\n%s", text)
	}
}

func TestInterimSaysWhenTypeIICanFollow(t *testing.T) {
	rs := loadDefault(t)
	d, err := rs.Evaluate(with(questionnaire.Answers{"security_reviews": "yes", "type2_required": "yes", "first_examination": "no", "controls_operating_months": 2}))
	if err != nil {
		t.Fatal(err)
	}
	in := d.Reports[0].Interim
	if in == nil || in.Type != "type1" || !strings.Contains(in.Text, "no sooner than 4 months from now") {
		t.Errorf("interim = %+v; want a Type I ending no sooner than 4 months from now", in)
	}
	if d.Summary != "SOC 2 Type II (Type I first)" {
		t.Errorf("summary = %q", d.Summary)
	}
}

func TestEvaluateIsDeterministic(t *testing.T) {
	rs := loadDefault(t)
	for _, st := range suite(t, rs) {
		for _, c := range st.Cases {
			a, err1 := rs.Evaluate(c.Answers)
			b, err2 := rs.Evaluate(c.Answers)
			if err1 != nil || err2 != nil || !reflect.DeepEqual(a, b) {
				t.Errorf("%s: two evaluations differ", c.Name)
			}
		}
	}
}

func TestAnswersNotAskedAreIgnored(t *testing.T) {
	rs := loadDefault(t)
	d, err := rs.Evaluate(with(questionnaire.Answers{"security_reviews": "yes", "customer_data": "no", "data_types": s("cardholder")}))
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(d.Fired, "consider-pci-dss") {
		t.Error("data_types was read though customer_data is no")
	}
}

func BenchmarkEvaluate(b *testing.B) {
	rs := loadDefault(b)
	st := suite(b, rs)
	last := st[len(st)-1]
	a := last.Cases[len(last.Cases)-1].Answers // the contract's example
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rs.Evaluate(a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := engine.Load(rules.FS); err != nil {
			b.Fatal(err)
		}
	}
}

// The default ruleset is clean: every question read, every rule able to
// fire, no type ties, every answer set evaluable.
func TestDefaultRulesetAnalyzesClean(t *testing.T) {
	rs := loadDefault(t)
	for _, f := range rs.Analyze(5000) {
		t.Error(f)
	}
}
