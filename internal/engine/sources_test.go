package engine_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/questionnaire"
)

// twoSources is a sources file with a firm's page and a vendor's.
const twoSources = `apiVersion: socpick/v1
kind: Sources
sources:
  - {id: firm-page, title: A firm's page, publisher: A Firm LLP, url: "https://firm.example/page", kind: firm, grade: M}
  - {id: vendor-page, title: A vendor's page, publisher: Vendor Inc., date: "2025-01", url: "https://vendor.example/page", kind: vendor, grade: L}
`

// A rule cites sources by id; an id the sources file lacks fails the load
// at the id's own position, with the near miss suggested.
func TestCitationsAreCheckedAtLoad(t *testing.T) {
	_, err := engine.Load(fixtureFS(t, map[string]string{
		"sources.yaml": twoSources, "catalog.yaml": strings.Replace(fixtureCatalog(t), "sources: [fixture]", "sources: [firm-page]", 1),
		"zz.rules.yaml": `apiVersion: socpick/v1
kind: Rules
rules:
  - id: cites
    when: customer_data == "yes"
    note: true
    reason: A note.
    sources: [firm-page, vendor-pgae]
`}))
	want := `zz.rules.yaml:8:26: rule cites: sources: "vendor-pgae" is not a source of sources.yaml (did you mean "vendor-page"?)`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// Every entry of the sources file is a page a reader can open, graded and
// of a known kind; each problem is reported at its entry.
func TestSourcesFileProblems(t *testing.T) {
	for _, tt := range []struct{ entry, want string }{
		{`{id: p, title: T, publisher: P, url: "file:///etc/passwd", kind: firm, grade: M}`, `sources.yaml:4:37: source p: url: "file:///etc/passwd" is not an http or https address a reader can open`},
		{`{id: p, title: T, publisher: P, url: "domain.md", kind: firm, grade: M}`, `source p: url: "domain.md" is not an http or https address`},
		{`{id: p, title: T, publisher: P, url: "https://x.example", kind: firm, grade: A}`, `source p: grade: "A" is not a grade (want H, M or L)`},
		{`{id: p, title: T, publisher: P, url: "https://x.example", kind: blog, grade: L}`, `source p: kind: "blog" is not known (want primary, firm, vendor or seed)`},
		{`{id: P_1, title: T, publisher: P, url: "https://x.example", kind: firm, grade: M}`, `source P_1: id must be lower-case letters, digits and dashes`},
		{`{id: p, title: " ", publisher: P, url: "https://x.example", kind: firm, grade: M}`, `source p: title and publisher must say what the page is and whose`},
		{`{id: p, title: T, url: "https://x.example", kind: firm, grade: M}`, `missing required key "publisher"`},
	} {
		_, err := engine.Load(fixtureFS(t, map[string]string{
			"sources.yaml": "apiVersion: socpick/v1\nkind: Sources\nsources:\n  - " + tt.entry + "\n",
		}))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s:\ngot  %v\nwant %s", tt.entry, err, tt.want)
		}
	}
	_, err := engine.Load(fixtureFS(t, map[string]string{"sources.yaml": twoSources + "  - {id: firm-page, title: T, publisher: P, url: \"https://x.example\", kind: firm, grade: M}\n"}))
	if want := "source firm-page: duplicate source id (first at line 4)"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("a duplicate id: got %v, want %s", err, want)
	}
}

// citingRules recommend a SOC 2 citing the vendor, then the firm; a note
// cites the firm again; an obligation and a contradiction cite the firm.
const citingRules = `apiVersion: socpick/v1
kind: Rules
rules:
  - id: soc2
    when: customer_data == "yes"
    recommend: [soc2]
    reason: You handle customers' data.
    sources: [vendor-page, firm-page]
  - id: type2
    when: '"soc2" in reports'
    type: {soc2: type2}
    reason: Type II is the target.
    sources: [vendor-page]
  - id: pci
    when: '"cardholder" in data_types'
    obligations: [pci-dss]
    reason: You handle card data, so PCI DSS applies.
    sources: [firm-page]
  - id: payroll-no-impact
    when: '"payroll" in services && financial_reporting_impact == "no"'
    warning: {code: contradiction, answers: [services, financial_reporting_impact]}
    reason: Payroll usually ends up in customers' books; check the answer about financial statements.
    sources: [firm-page]
  - id: a-note
    when: customer_data == "yes"
    note: true
    reason: A note.
    sources: [firm-page]
`

func citingFixture(t *testing.T) *engine.Ruleset {
	t.Helper()
	files := citingFixtureFiles(t)
	return loadFixture(t, map[string]string{
		"sources.yaml": twoSources, "catalog.yaml": files["catalog.yaml"],
		"fixture.rules.yaml": citingRules, "fixture.test.yaml": "",
	})
}

// citingFixtureFiles is the fixture's catalog with an obligation, its
// estimate citing both sources.
func citingFixtureFiles(t *testing.T) map[string]string {
	catalog := strings.Replace(fixtureCatalog(t), "sources: [fixture]", "sources: [firm-page, vendor-page]", 1)
	return map[string]string{"catalog.yaml": catalog}
}

func fixtureCatalog(t *testing.T) string {
	t.Helper()
	f := fixtureFS(t, nil)
	return string(f["catalog.yaml"].Data)
}

// The decision lists each cited source once, in the order the advice
// reads (warnings, reports, obligations, ..., estimates, notes), with the
// title, publisher and address a reader needs; the estimate's grade is the
// weakest of its sources'.
func TestDecisionListsItsSources(t *testing.T) {
	rs := citingFixture(t)
	d := evaluate(t, rs, fixtureAnswers(questionnaire.Answers{
		"services": []string{"payroll"}, "data_types": []string{"cardholder"}, "controls_operating_months": 1, "type2_required": "no",
	}))
	var ids []string
	for _, s := range d.Sources {
		ids = append(ids, s.ID)
		if s.URL == "" || s.Title == "" || s.Publisher == "" {
			t.Errorf("source %s lacks what a reader needs: %+v", s.ID, s)
		}
	}
	// The warning cites the firm first.
	if want := []string{"firm-page", "vendor-page"}; !slices.Equal(ids, want) {
		t.Errorf("sources %v, want %v", ids, want)
	}
	if len(d.Obligations) != 1 || d.Obligations[0].ID != "pci-dss" || !slices.Equal(d.Obligations[0].Sources, []string{"firm-page"}) {
		t.Errorf("obligations %+v, want pci-dss citing firm-page", d.Obligations)
	}
	if len(d.AlsoConsider) != 0 {
		t.Errorf("an obligation is not an option: also_consider %+v", d.AlsoConsider)
	}
	if len(d.Warnings) != 1 || d.Warnings[0].Code != "contradiction" || !slices.Equal(d.Warnings[0].Answers, []string{"services", "financial_reporting_impact"}) || d.Warnings[0].Rule != "payroll-no-impact" {
		t.Errorf("warnings %+v, want the payroll contradiction naming its answers", d.Warnings)
	}
	if !slices.Equal(d.Reports[0].Reasons[0].Sources, []string{"vendor-page", "firm-page"}) {
		t.Errorf("reason sources %v", d.Reports[0].Reasons[0].Sources)
	}

	// Without a contradiction, the report's first source comes first.
	d = evaluate(t, rs, fixtureAnswers(nil))
	if len(d.Sources) != 2 || d.Sources[0].ID != "vendor-page" {
		t.Errorf("sources %+v, want vendor-page first", d.Sources)
	}
	if len(d.Warnings) != 0 || d.Warnings == nil {
		t.Errorf("warnings %#v, want an empty list", d.Warnings)
	}
}

func TestEstimateGradeIsTheWeakest(t *testing.T) {
	rs := citingFixture(t)
	e := rs.Catalog.Estimates[0]
	if e.Grade != "L" || !slices.Equal(e.Sources, []string{"firm-page", "vendor-page"}) || e.Source != "A Firm LLP; Vendor Inc." {
		t.Errorf("estimate %+v, want grade L from the vendor, sources named in words", e)
	}
}

// A SOC 3 has no type: a rule cannot give it one, and a recommended SOC 3
// is written with a null type.
func TestSOC3HasNoType(t *testing.T) {
	_, err := engine.Load(fixtureFS(t, map[string]string{"zz.rules.yaml": `apiVersion: socpick/v1
kind: Rules
rules:
  - {id: t, when: customer_data == "yes", type: {soc3: type2}, reason: Typed., sources: [fixture]}
`}))
	if want := "zz.rules.yaml:4:50: rule t: type.soc3: a SOC 3 has no type"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}

	rs := loadFixture(t, map[string]string{"zz.rules.yaml": `apiVersion: socpick/v1
kind: Rules
rules:
  - {id: public, when: customer_data == "yes", recommend: [soc3], reason: You want a public report., sources: [fixture]}
  - {id: soc3-security, when: '"soc3" in reports', criteria: [security], reason: Security is in every SOC 3., sources: [fixture]}
`})
	d := evaluate(t, rs, fixtureAnswers(nil))
	i := slices.IndexFunc(d.Reports, func(r engine.Report) bool { return r.Report == "soc3" })
	if i < 0 || d.Reports[i].Type != "" {
		t.Fatalf("reports %+v, want a SOC 3 with no type", d.Reports)
	}
	if !strings.Contains(d.Summary, "SOC 3") || strings.Contains(d.Summary, "SOC 3 Type") {
		t.Errorf("summary %q, want SOC 3 without a type", d.Summary)
	}
	js, _ := json.Marshal(d.Reports[i])
	if !strings.Contains(string(js), `"type":null`) {
		t.Errorf("JSON %s, want type null", js)
	}
	ys, _ := yaml.Marshal(d.Reports[i])
	if !strings.Contains(string(ys), "type: null") {
		t.Errorf("YAML %s, want type: null", ys)
	}
}

// A question with an assumed answer may go unanswered: the advice uses the
// assumption and says so in an assumed-answer warning; answered, or not
// asked, nothing is assumed.
func TestAssumedAnswers(t *testing.T) {
	questions := string(fixtureFS(t, nil)["questions.yaml"].Data) + `
  - key: requests
    kind: list
    prompt: What have customers asked you for?
    help: The reports customers asked for.
    options:
      - {value: soc2, label: A SOC 2, description: "a SOC 2 report"}
      - {value: unknown, label: Don't know, description: "not known", exclusive: true}
    assume: [unknown]
  - key: role
    kind: choice
    prompt: Which role do you have for health data?
    help: Your HIPAA role.
    options:
      - {value: ba, label: Business associate, description: "you sign BAAs"}
      - {value: unsure, label: Unsure, description: "not known"}
    ask_if: '"health" in data_types'
    assume: unsure
`
	rs := loadFixture(t, map[string]string{"questions.yaml": questions, "zz.rules.yaml": `apiVersion: socpick/v1
kind: Rules
rules:
  - {id: asked-soc2, when: '"soc2" in requests', recommend: [soc2], reason: Customers asked for a SOC 2., sources: [fixture]}
  - {id: unknown-requests, when: '"unknown" in requests', note: true, reason: Find out what customers asked for., sources: [fixture]}
`})
	if missing := rs.Questions.Missing(fixtureAnswers(nil)); len(missing) != 0 {
		t.Errorf("missing %v: a question with an assumed answer is never missing", missing)
	}
	d := evaluate(t, rs, fixtureAnswers(nil))
	if len(d.Warnings) != 1 || d.Warnings[0].Code != "assumed-answer" || !slices.Equal(d.Warnings[0].Answers, []string{"requests"}) {
		t.Fatalf("warnings %+v, want one assumed-answer for requests (role is not asked without health data)", d.Warnings)
	}
	if w := d.Warnings[0].Text; !strings.Contains(w, `assumed Don't know for "What have customers asked you for?" (--requests)`) {
		t.Errorf("warning %q does not say the question and the assumption in words", w)
	}
	if !slices.Contains(d.Fired, "unknown-requests") {
		t.Errorf("fired %v: the rules read the assumed answer", d.Fired)
	}

	d = evaluate(t, rs, fixtureAnswers(questionnaire.Answers{"data_types": []string{"health"}}))
	if len(d.Warnings) != 1 || !slices.Equal(d.Warnings[0].Answers, []string{"requests", "role"}) || !strings.HasPrefix(d.Warnings[0].Text, "2 questions were not answered") {
		t.Errorf("warnings %+v, want both assumed", d.Warnings)
	}

	d = evaluate(t, rs, fixtureAnswers(questionnaire.Answers{"requests": []string{"soc2"}}))
	if len(d.Warnings) != 0 {
		t.Errorf("warnings %+v, want none: the question is answered", d.Warnings)
	}

	_, err := engine.Load(fixtureFS(t, map[string]string{"questions.yaml": strings.Replace(questions, "assume: unsure", "assume: maybe", 1)}))
	if want := `.assume: "maybe" is not`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("a bad assumption: got %v, want %s", err, want)
	}
}

func TestHeldContradiction(t *testing.T) {
	rs := loadFixture(t, nil)
	a := questionnaire.Answers{"first_examination": "yes"}
	if w := rs.HeldContradiction(a, []string{"soc1", "soc2"}); w == nil || w.Code != "contradiction" || !slices.Equal(w.Answers, []string{"first_examination"}) ||
		!strings.Contains(w.Text, "the SOC 1 and SOC 2 you hold") {
		t.Errorf("first examination while holding a SOC 1 and a SOC 2: got %+v", w)
	}
	if w := rs.HeldContradiction(a, nil); w != nil {
		t.Errorf("first examination, nothing held: got %+v", w)
	}
	if w := rs.HeldContradiction(questionnaire.Answers{"first_examination": "no"}, []string{"soc2"}); w != nil {
		t.Errorf("a renewal: got %+v", w)
	}
}

// rules validate warns about a rule that cites nothing and a source that
// nothing cites.
func TestAnalyzeFindsUncitedRulesAndUnusedSources(t *testing.T) {
	rs := loadFixture(t, map[string]string{"sources.yaml": twoSources + "  - {id: unused, title: T, publisher: P, url: \"https://x.example\", kind: firm, grade: M}\n",
		"catalog.yaml": strings.Replace(citingFixtureFiles(t)["catalog.yaml"], "sources: [firm-page, vendor-page]", "sources: [firm-page]", 1),
		"fixture.rules.yaml": strings.Replace(citingRules, "    sources: [firm-page]\n`", "`", 1) + `  - {id: bare, when: customer_data == "no", note: true, reason: No source.}
`, "fixture.test.yaml": ""})
	var got []string
	for _, f := range rs.Analyze(context.Background(), 50).Findings {
		got = append(got, f.String())
	}
	for _, want := range []string{
		"fixture.rules.yaml:29:5: warning: rule bare cites no source",
		"sources.yaml:6:5: warning: source unused is cited by no rule and no estimate",
	} {
		if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("findings:\n%s\nwant one starting %s", strings.Join(got, "\n"), want)
		}
	}
}
