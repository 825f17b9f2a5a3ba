package engine_test

import (
	"errors"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

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

// suite loads the default ruleset's own test cases, rules/*.test.yaml: the
// situations a practitioner meets, each with the advice it must give and
// the sources that advice rests on.
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
				if len(c.Sources) == 0 {
					t.Errorf("%s:%d: the case names no sources its expected advice rests on", st.File, c.Pos.Line)
				}
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
// has reasons, the reason for its type among them; a recommended SOC 1 or
// SOC 2 is a Type II target and a SOC 3 has no type; every text is a
// filled sentence naming a fired rule and sources listed, with their
// addresses, in the decision's sources.
func checkExplained(t *testing.T, d *engine.Decision) {
	t.Helper()
	for _, r := range d.Reports {
		want := 2
		switch {
		case r.Report == "soc3" && r.Type != "":
			t.Errorf("SOC 3 has type %q; a SOC 3 has none", r.Type)
		case r.Report == "soc3":
			want = 1
		case r.Type != "type2":
			t.Errorf("%s is recommended as %q; the target is always Type II", r.Report, r.Type)
		}
		if len(r.Reasons) < want {
			t.Errorf("%s has %d reasons; want why the report and why the type", r.Report, len(r.Reasons))
		}
	}
	all := allTexts(d)
	listed := map[string]bool{}
	for _, s := range d.Sources {
		if listed[s.ID] || !strings.HasPrefix(s.URL, "http") {
			t.Errorf("source %s is listed twice or has no address (%q)", s.ID, s.URL)
		}
		listed[s.ID] = true
	}
	for _, r := range all {
		if !slices.Contains(d.Fired, r.Rule) {
			t.Errorf("text from rule %q, which is not in fired", r.Rule)
		}
		if len(r.Sources) == 0 || len(r.Text) < 20 || strings.Contains(r.Text, "{{") || !strings.HasSuffix(r.Text, ".") {
			t.Errorf("rule %s: want a full sentence with sources, got %q (sources %q)", r.Rule, r.Text, r.Sources)
		}
		for _, id := range r.Sources {
			if !listed[id] {
				t.Errorf("rule %s cites %s, which the decision's sources do not list", r.Rule, id)
			}
		}
	}
	if d.Summary == "" {
		t.Error("empty summary")
	}
}

// defaultCase is the default suite's case named name: a situation and
// answers to start from.
func defaultCase(t *testing.T, rs *engine.Ruleset, name string) *ruletest.Case {
	t.Helper()
	for _, st := range suite(t, rs) {
		for _, c := range st.Cases {
			if c.Name == name {
				return c
			}
		}
	}
	t.Fatalf("no case %q in the default suite", name)
	return nil
}

// allTexts are every text of a decision that a rule wrote, as reasons.
func allTexts(d *engine.Decision) []engine.Reason {
	var all []engine.Reason
	for _, r := range d.Reports {
		all = append(all, r.Reasons...)
		if r.Interim != nil {
			all = append(all, engine.Reason{Rule: r.Interim.Rule, Text: r.Interim.Text, Sources: r.Interim.Sources})
		}
	}
	all = append(all, d.Notes...)
	all = append(all, d.NextSteps...)
	for _, c := range append(slices.Clone(d.AlsoConsider), d.Obligations...) {
		all = append(all, engine.Reason{Rule: c.Rule, Text: c.Text, Sources: c.Sources})
	}
	for _, w := range d.Warnings {
		if w.Rule != "" {
			all = append(all, engine.Reason{Rule: w.Rule, Text: w.Text, Sources: w.Sources})
		}
	}
	return all
}

// The suite's cases check which rules fire; these check what rules whose
// wording turns on the plan say, from a case's situation with some
// answers changed.
func TestPlanDependentTexts(t *testing.T) {
	rs := loadDefault(t)
	const (
		readinessCase = "no controls yet and a deadline a Type I after readiness can meet gets readiness, then a Type I"
		soc1Case      = "customers who asked for a SOC 1 have their date judged on the SOC 1, not on a SOC 2 that comes sooner"
		renewalCase   = "a renewal whose SOC 1 period ends six months before customers' year-end is told to realign it"
	)
	for _, tt := range []struct {
		from    string
		answers questionnaire.Answers
		rule    string
		want    string
	}{
		{readinessCase, questionnaire.Answers{"controls_operating_months": 2, "deadline_months": 5}, "interim-deadline-soc2", "about when your deadline falls"},
		{readinessCase, questionnaire.Answers{"controls_operating_months": 2, "deadline_months": 6}, "interim-deadline-soc2", "within your deadline, and the Type I would not be needed"},
		{soc1Case, nil, "note-soc1-soc2-together", "Your plan dates their periods apart"},
		{soc1Case, questionnaire.Answers{"customer_fiscal_year_end": "mixed"}, "note-soc1-period-fiscal-year", "a bridge letter carries the customers whose year-end falls within about three months after your period end"},
		{renewalCase, nil, "note-soc1-long-bridge", "Your SOC 1 period ends 6 months before your customers' fiscal year-end"},
	} {
		c := defaultCase(t, rs, tt.from)
		answers := c.Answers.Clone()
		maps.Copy(answers, tt.answers)
		d, err := rs.EvaluateAt(answers, c.Situation)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(allTexts(d), func(r engine.Reason) bool { return r.Rule == tt.rule })
		if i < 0 {
			t.Errorf("%s with %v: %s did not fire", tt.from, tt.answers, tt.rule)
		} else if text := allTexts(d)[i].Text; !strings.Contains(text, tt.want) {
			t.Errorf("%s with %v: %s says %q, want %q in it", tt.from, tt.answers, tt.rule, text, tt.want)
		}
	}
}

func texts(rs []engine.Reason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Text
	}
	return out
}

// The same answers give the same decision, on the default ruleset and
// answers sampled from its questions; an evaluation between them leaves
// nothing behind in the reused scratch space.
func TestEvaluateIsDeterministic(t *testing.T) {
	rs := loadDefault(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		x, y := rs.Questions.Sample(rng, nil), rs.Questions.Sample(rng, nil)
		a, err1 := rs.Evaluate(x)
		_, err2 := rs.Evaluate(y)
		b, err3 := rs.Evaluate(x)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatal(errors.Join(err1, err2, err3))
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%v: two evaluations differ:\n%+v\n%+v", x, a, b)
		}
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
	for _, f := range rs.Analyze(t.Context(), 5000).Findings {
		t.Error(f)
	}
}

// settingsRuleset is a small ruleset whose two rules of the same priority
// set SOC 2's type differently, and whose only criterion rule fires when
// s is yes, under a catalog ending with settings.
func settingsRuleset(settings string) fstest.MapFS {
	return fstest.MapFS{
		questionnaire.FileName: {Data: []byte(`apiVersion: socpick/v1
kind: Questionnaire
questions:
  - {key: s, kind: choice, prompt: "S?", help: H., options: [{value: "yes", label: "Yes"}, {value: "no", label: "No"}]}
`)},
		engine.CatalogFile: {Data: []byte(`apiVersion: socpick/v1
kind: Catalog
reports: [{id: soc1, name: SOC 1}, {id: soc2, name: SOC 2}, {id: soc3, name: SOC 3}]
types: [{id: type1, name: Type I}, {id: type2, name: Type II}]
criteria:
  - {id: security, name: Security}
  - {id: availability, name: Availability}
  - {id: processing-integrity, name: Processing Integrity}
  - {id: confidentiality, name: Confidentiality}
  - {id: privacy, name: Privacy}
also_consider: []
estimates: []
` + settings)},
		"r.rules.yaml": {Data: []byte(`apiVersion: socpick/v1
kind: Rules
rules:
  - {id: soc2, when: 'true', recommend: [soc2], reason: Always.}
  - {id: says-type1, when: len(reports) > 0, type: {soc2: type1}, priority: 5, reason: One.}
  - {id: says-type2, when: len(reports) > 0, type: {soc2: type2}, priority: 5, reason: Two.}
  - {id: availability, when: s == "yes", criteria: [availability], reason: Uptime.}
`)},
	}
}

// The catalog's type_preference settles a tie between rules of the same
// priority, and its required_criteria names the criteria a report must
// include; empty, a tie is an error and no criterion is required; absent,
// the format's defaults apply.
func TestCatalogSettings(t *testing.T) {
	yes, no := questionnaire.Answers{"s": "yes"}, questionnaire.Answers{"s": "no"}
	for _, c := range []struct {
		name, settings string
		answers        questionnaire.Answers
		wantType       string
		wantErr        string
	}{
		{"type2 first", "type_preference: [type2, type1]\nrequired_criteria: {}\n", yes, "type2", ""},
		{"type1 first", "type_preference: [type1, type2]\nrequired_criteria: {}\n", yes, "type1", ""},
		{"no preference", "type_preference: []\nrequired_criteria: {}\n", yes, "", "rules says-type1 (type1) and says-type2 (type2) both set soc2's type at priority 5, and the catalog has no type_preference to settle the tie"},
		// A catalog written before the two keys decides as the engine did
		// then: Type II wins a tie, and a SOC 2 includes Security.
		{"the format's default preference", "required_criteria: {}\n", yes, "type2", ""},
		{"the format's default required criteria", "", yes, "",
			"the ruleset recommends soc2 without the security criterion, which the catalog's required_criteria requires of every SOC 2"},
		{"required and present", "type_preference: [type2, type1]\nrequired_criteria: {soc2: [availability]}\n", yes, "type2", ""},
		{"required and missing", "type_preference: [type2, type1]\nrequired_criteria: {soc2: [availability]}\n", no, "",
			"the ruleset recommends soc2 without the availability criterion, which the catalog's required_criteria requires of every SOC 2"},
		{"required of another report", "type_preference: [type2, type1]\nrequired_criteria: {soc3: [availability]}\n", no, "type2", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			rs, err := engine.Load(settingsRuleset(c.settings))
			if err != nil {
				t.Fatal(err)
			}
			d, err := rs.Evaluate(c.answers)
			if c.wantErr != "" {
				var inc *engine.IncompleteError
				if !errors.As(err, &inc) || inc.Report != "soc2" || err.Error() != c.wantErr {
					t.Fatalf("err = %v; want an IncompleteError of soc2: %s", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Reports) != 1 || string(d.Reports[0].Type) != c.wantType {
				t.Errorf("reports = %+v; want soc2 %s", d.Reports, c.wantType)
			}
		})
	}
}

// The catalog's settings are checked when the ruleset loads, each problem
// at its line and column.
func TestCatalogSettingsErrors(t *testing.T) {
	for settings, want := range map[string]string{
		"type_preference: [type2, typ1]\n":                   `catalog.yaml:13:1: type_preference: "typ1" is not a report type (want type1 or type2) (did you mean "type1"?)`,
		"type_preference: [type2]\n":                         `catalog.yaml:13:1: type_preference: must list each report type once, the one that wins a tie first (want type1 and type2 in some order; got [type2])`,
		"type_preference: [type2, type2]\n":                  `catalog.yaml:13:1: type_preference: must list each report type once`,
		"type_preference: type2\n":                           `catalog.yaml:13:18: type_preference: expected a list, got`,
		"required_criteria:\n  soc1: [security]\n":           `catalog.yaml:14:3: required_criteria.soc1: soc1 is not examined against the criteria (only soc2 and soc3 are)`,
		"required_criteria:\n  soc2: [securty]\n":            `catalog.yaml:14:3: required_criteria.soc2: "securty" is not known (want one of security, availability, processing-integrity, confidentiality, privacy) (did you mean "security"?)`,
		"required_criteria:\n  soc2: [security, security]\n": `catalog.yaml:14:3: required_criteria.soc2: "security" is listed twice`,
		"required_criteria:\n  soc4: [security]\n":           `catalog.yaml:14:3: required_criteria: unknown key "soc4"`,
	} {
		_, err := engine.Load(settingsRuleset(settings))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("catalog with %q:\n got %v\nwant %s", settings, err, want)
		}
	}
}

// A deadline met by a report held says when the bridge letter it needs is
// longer than one usually covers.
func TestDeadlineMetByAHeldReportWithALongBridge(t *testing.T) {
	rs := loadDefault(t)
	c := defaultCase(t, rs, "a renewal holding a current report meets a close deadline with it and a bridge letter")
	// Its period ended 2026-06-30: five months before the advice.
	for _, months := range []int{1, 2} {
		answers := c.Answers.Clone()
		answers["deadline_months"] = months
		d, err := rs.EvaluateAt(answers, c.Situation)
		if err != nil {
			t.Fatal(err)
		}
		dl := d.Plan.Deadline
		if dl == nil || !dl.Met || !strings.Contains(dl.Text, "more than the 3 months one usually covers") {
			t.Errorf("deadline in %d months: %+v, want met, and the long letter said", months, dl)
		}
	}
	// Held within the usual three months of the date: nothing to add.
	sit := c.Situation
	sit.Held = []engine.Held{{Report: "soc2", Type: "type2", PeriodEnd: sit.AsOf.AddDate(0, -1, 0)}}
	answers := c.Answers.Clone()
	answers["deadline_months"] = 1
	d, err := rs.EvaluateAt(answers, sit)
	if err != nil {
		t.Fatal(err)
	}
	if dl := d.Plan.Deadline; dl == nil || !dl.Met || strings.Contains(dl.Text, "usually covers") {
		t.Errorf("held a month ago, deadline in a month: %+v", dl)
	}
}

// Reports held and the deadline: a SOC 3 dates the SOC 2's renewal but is
// no SOC 2 to give customers who asked for one; with two reports asked for
// and held, the older one's bridge letter is the one judged; a letter of
// exactly the usual three months is not called long.
func TestDeadlineAndReportsHeld(t *testing.T) {
	rs := loadDefault(t)
	c := defaultCase(t, rs, "a renewal holding a current report meets a close deadline with it and a bridge letter")
	asOf := c.Situation.AsOf // 2026-11-29
	evaluate := func(held []engine.Held, answers questionnaire.Answers) *engine.Deadline {
		t.Helper()
		a := c.Answers.Clone()
		maps.Copy(a, answers)
		sit := c.Situation
		sit.Held = held
		d, err := rs.EvaluateAt(a, sit)
		if err != nil {
			t.Fatal(err)
		}
		if d.Plan == nil || d.Plan.Deadline == nil {
			t.Fatalf("no deadline verdict for %v", answers)
		}
		return d.Plan.Deadline
	}
	soc3 := []engine.Held{{Report: "soc3", Type: "type2", PeriodEnd: asOf.AddDate(0, -2, 0)}}
	if dl := evaluate(soc3, questionnaire.Answers{"customer_requests": []string{"soc2"}, "deadline_months": 2}); dl.Met || strings.Contains(dl.Text, "you hold") {
		t.Errorf("a SOC 3 held is given as the SOC 2 asked for: %+v", dl)
	}
	both := []engine.Held{
		{Report: "soc1", Type: "type2", PeriodEnd: asOf.AddDate(0, -1, 0)},
		{Report: "soc2", Type: "type2", PeriodEnd: asOf.AddDate(0, -5, 0)},
	}
	dl := evaluate(both, questionnaire.Answers{"customer_requests": []string{"soc1", "soc2"}, "financial_reporting_impact": "yes", "deadline_months": 2})
	if !dl.Met || !strings.Contains(dl.Text, "SOC 2 Type II you hold") || !strings.Contains(dl.Text, "usually covers") {
		t.Errorf("two reports held: %+v, want the older SOC 2 and its long letter", dl)
	}
	// Both long: each is said.
	both[0].PeriodEnd = asOf.AddDate(0, -3, 0)
	dl = evaluate(both, questionnaire.Answers{"customer_requests": []string{"soc1", "soc2"}, "financial_reporting_impact": "yes", "deadline_months": 2})
	if !strings.Contains(dl.Text, "the SOC 1's bridge letter would cover 5 months") || !strings.Contains(dl.Text, "the SOC 2's bridge letter would cover 7 months") {
		t.Errorf("two long letters: %+v", dl)
	}
	// A report held whose period ended more than a year ago is not
	// offered with a bridge letter meanwhile.
	lapsed := []engine.Held{{Report: "soc2", Type: "type2", PeriodEnd: asOf.AddDate(0, -14, 0)}}
	if dl := evaluate(lapsed, questionnaire.Answers{"deadline_months": 2}); dl.Met || !strings.Contains(dl.Text, "ended its period more than twelve months ago") {
		t.Errorf("a lapsed report: %+v", dl)
	}
	// A SOC 3 held is what customers who asked for a SOC 3 get, and its
	// letter is named; not when they asked for a SOC 2 as well.
	if dl := evaluate(soc3, questionnaire.Answers{"customer_requests": []string{"soc3"}, "public_report": "yes", "deadline_months": 2}); !dl.Met || !strings.Contains(dl.Text, "SOC 3 you hold") || !strings.Contains(dl.Text, "the SOC 3's bridge letter would cover 4 months") {
		t.Errorf("a SOC 3 held, a SOC 3 asked for: %+v", dl)
	}
	if dl := evaluate(soc3, questionnaire.Answers{"customer_requests": []string{"soc2", "soc3"}, "public_report": "yes", "deadline_months": 2}); dl.Met {
		t.Errorf("a SOC 3 held, a SOC 2 and a SOC 3 asked for: %+v", dl)
	}
	// Meanwhile, a current report held is offered before a lapsed one.
	mixed := []engine.Held{
		{Report: "soc1", Type: "type2", PeriodEnd: asOf.AddDate(0, -14, 0)},
		{Report: "soc2", Type: "type2", PeriodEnd: asOf.AddDate(0, -11, 0)},
	}
	if dl := evaluate(mixed, questionnaire.Answers{"customer_requests": []string{"soc1", "soc2"}, "financial_reporting_impact": "yes", "deadline_months": 2}); dl.Met || !strings.Contains(dl.Text, "share your current report with a bridge letter") {
		t.Errorf("a lapsed SOC 1 and a current SOC 2: %+v", dl)
	}
	// The SOC 2's period ended a month before the advice; the date is two
	// months after it: a three-month letter, the usual.
	usual := []engine.Held{{Report: "soc2", Type: "type2", PeriodEnd: asOf.AddDate(0, -1, 0)}}
	if dl := evaluate(usual, questionnaire.Answers{"deadline_months": 2}); !dl.Met || strings.Contains(dl.Text, "usually covers") {
		t.Errorf("a three-month letter: %+v", dl)
	}
}
