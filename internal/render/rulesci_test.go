package render_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/render"
	"github.com/socpick/socpick/internal/ruletest"
	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/internal/strictyaml"
)

func TestRuleTestsAndValidationFormats(t *testing.T) {
	if got := render.RuleTestsOutput.Formats(); !slices.Equal(got, []string{"text", "junit"}) {
		t.Errorf("rules test formats = %q, want text and junit", got)
	}
	if got := render.ValidationOutput.Formats(); !slices.Equal(got, []string{"text", "json", "github"}) {
		t.Errorf("rules validate formats = %q, want text, json and github", got)
	}
	if _, err := render.ValidationOutput.Get("junit", render.Options{}); err == nil || err.Error() != `unknown format "junit" (want text, json, github)` {
		t.Errorf("validate --format junit: %v", err)
	}
}

// junitDoc is a JUnit report as CI readers parse it.
type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Suites   []struct {
		Name       string `xml:"name,attr"`
		Tests      int    `xml:"tests,attr"`
		Failures   int    `xml:"failures,attr"`
		Properties []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			File      string `xml:"file,attr"`
			Line      int    `xml:"line,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func drawRuleTests(t *testing.T, format string, rt render.RuleTests, tool render.Tool) string {
	t.Helper()
	r, err := render.RuleTestsOutput.Get(format, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return draw(t, func(b *bytes.Buffer) error { return r.RuleTests(b, rt, tool) })
}

func TestRuleTestsJUnit(t *testing.T) {
	rules := loadTiny(t).Rules
	policy := &ruletest.Suite{File: "my-rules/policy.test.yaml"}
	tiny := &ruletest.Suite{File: "my-rules/tiny.test.yaml"}
	failure := "reports:\n  expected: soc2 type2\n  actual:   none"
	results := []*ruletest.Result{
		{Suite: policy, Case: &ruletest.Case{Name: "personal data", Pos: strictyaml.Pos{Line: 5}}},
		{Suite: tiny, Case: &ruletest.Case{Name: "data", Pos: strictyaml.Pos{Line: 5}}},
		// A name holding what XML 1.0 cannot: shown, not lost.
		{Suite: tiny, Case: &ruletest.Case{Name: "no \x1bdata <&>", Pos: strictyaml.Pos{Line: 9}},
			Failures: []string{failure, "fired: rule soc2-customer-data did not fire (fired: none)"}},
	}
	rt := render.RuleTests{Results: results, Failed: 1, Dir: "my-rules", Covered: 1, Total: 2, Percent: 50, Uncovered: rules[1:]}
	tool := render.Tool{Name: "socpick", Version: "v1.2.3", Rules: "my-rules", RulesetDigest: "sha256:abc"}

	var doc junitDoc
	out := drawRuleTests(t, "junit", rt, tool)
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	if doc.Tests != 3 || doc.Failures != 1 || len(doc.Suites) != 2 {
		t.Fatalf("tests=%d failures=%d suites=%d, want 3, 1 and a suite per file:\n%s", doc.Tests, doc.Failures, len(doc.Suites), out)
	}
	if s := doc.Suites[0]; s.Name != policy.File || s.Tests != 1 || s.Failures != 0 {
		t.Errorf("first suite %q tests=%d failures=%d", s.Name, s.Tests, s.Failures)
	}
	s := doc.Suites[1]
	props := map[string]string{}
	for _, p := range s.Properties {
		props[p.Name] = p.Value
	}
	if props["socpick_version"] != "v1.2.3" || props["rules"] != "my-rules" || props["ruleset_digest"] != "sha256:abc" {
		t.Errorf("properties %v, want the tool's", props)
	}
	if s.Name != tiny.File || s.Tests != 2 || s.Failures != 1 {
		t.Errorf("second suite %q tests=%d failures=%d", s.Name, s.Tests, s.Failures)
	}
	pass, fail := s.Cases[0], s.Cases[1]
	if pass.Name != "data" || pass.Classname != tiny.File || pass.File != tiny.File || pass.Line != 5 || pass.Failure != nil {
		t.Errorf("passing case %+v", pass)
	}
	if fail.Name != `no \x1bdata <&>` || fail.Line != 9 || fail.Failure == nil {
		t.Fatalf("failing case %+v", fail)
	}
	// The failure holds what the text format shows: expected against actual.
	text := drawRuleTests(t, "text", rt, tool)
	for _, f := range results[2].Failures {
		if !strings.Contains(fail.Failure.Text, f) || !strings.Contains(text, strings.ReplaceAll(f, "\n", "\n      ")) {
			t.Errorf("failure text %q, text format %q: want each to hold %q", fail.Failure.Text, text, f)
		}
	}
	if want := "reports: expected: soc2 type2 actual: none (and 1 more)"; fail.Failure.Message != want {
		t.Errorf("failure message %q, want %q", fail.Failure.Message, want)
	}

	// No threshold, no coverage testcase; below one, a failing one.
	rt.Threshold, rt.BelowThreshold = 75, true
	out = drawRuleTests(t, "junit", rt, tool)
	doc = junitDoc{}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	last := doc.Suites[len(doc.Suites)-1]
	if doc.Failures != 2 || last.Name != "my-rules" || len(last.Cases) != 1 || last.Cases[0].Name != render.CoverageCase {
		t.Fatalf("below the threshold: failures=%d, last suite %+v", doc.Failures, last)
	}
	if f := last.Cases[0].Failure; f == nil || f.Message != "coverage 50.0% is below the threshold of 75%" ||
		!strings.Contains(f.Text, "not covered: type2-settled (my-rules/20-tiny.rules.yaml:4)") {
		t.Errorf("coverage failure %+v", f)
	}
	rt.Threshold, rt.BelowThreshold = 50, false
	doc = junitDoc{}
	if err := xml.Unmarshal([]byte(drawRuleTests(t, "junit", rt, tool)), &doc); err != nil {
		t.Fatal(err)
	}
	if last := doc.Suites[len(doc.Suites)-1]; doc.Failures != 1 || last.Cases[0].Failure != nil || !strings.Contains(last.Cases[0].SystemOut, "1 of 2 rules") {
		t.Errorf("at the threshold: failures=%d, coverage case %+v", doc.Failures, last.Cases[0])
	}
}

// validation has an error at a rule, a warning of a file, and a warning
// of no file; its messages hold what could start a workflow command.
func validation() render.Validation {
	return render.Validation{
		Tool: render.Tool{Name: "socpick", Version: "v1.2.3", Rules: "my-rules", RulesetDigest: "sha256:abc"},
		Dir:  "my-rules", Loaded: true, Rules: 2, Questions: 3, Sampled: 400, Samples: 500,
		Problems: []render.Problem{
			{Severity: render.SeverityError, File: "my-rules/r.rules.yaml", Line: 9, Column: 5, Rule: "soc1-when-no",
				Message: "no rule sets its type\n::warning::injected"},
			{Severity: render.SeverityWarning, File: "my-rules/questions.yaml", Line: 5, Column: 5, Message: "question unused is read by no rule: a::b, 100%"},
			{Severity: render.SeverityWarning, Message: "validate did not finish"},
		},
	}
}

func drawValidation(t *testing.T, format string, v render.Validation) string {
	t.Helper()
	r, err := render.ValidationOutput.Get(format, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return draw(t, func(b *bytes.Buffer) error { return r.Validation(b, v) })
}

func TestValidationText(t *testing.T) {
	got := drawValidation(t, "text", validation())
	want := `my-rules/r.rules.yaml:9:5: error: no rule sets its type
\x3a:warning::injected
my-rules/questions.yaml:5:5: warning: question unused is read by no rule: a::b, 100%
my-rules: warning: validate did not finish
my-rules: 2 rules, 3 questions: 1 error, 2 warnings (400 of 500 answer sets sampled)
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestValidationJSON(t *testing.T) {
	var doc struct {
		APIVersion string           `json:"apiVersion"`
		Kind       string           `json:"kind"`
		Tool       render.Tool      `json:"tool"`
		Problems   []render.Problem `json:"problems"`
		Summary    map[string]any   `json:"summary"`
	}
	v := validation()
	out := drawValidation(t, "json", v)
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if doc.APIVersion != "socpick/v1" || doc.Kind != soc.KindRulesValidation || doc.Tool != v.Tool {
		t.Errorf("envelope %s %s, tool %+v", doc.APIVersion, doc.Kind, doc.Tool)
	}
	if !slices.Equal(doc.Problems, v.Problems) {
		t.Errorf("problems %+v, want %+v", doc.Problems, v.Problems)
	}
	if s := doc.Summary; s["errors"] != 1.0 || s["warnings"] != 2.0 || s["loaded"] != true || s["rules"] != 2.0 || s["sampled"] != 400.0 {
		t.Errorf("summary %v", s)
	}
	// A problem of no place has no file, line or column at all.
	if strings.Contains(out, `"line": 0`) || strings.Contains(out, `"file": ""`) {
		t.Errorf("a problem of no place writes an empty place:\n%s", out)
	}
	// No problems is an empty list, not null.
	v.Problems = nil
	if out := drawValidation(t, "json", v); !strings.Contains(out, `"problems": [],`) {
		t.Errorf("no problems:\n%s", out)
	}
}

func TestValidationGitHub(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(drawValidation(t, "github", validation()), "\n"), "\n")
	want := []string{
		"::error file=my-rules/r.rules.yaml,line=9,col=5,title=soc1-when-no::no rule sets its type%0A::warning::injected",
		"::warning file=my-rules/questions.yaml,line=5,col=5::question unused is read by no rule: a::b, 100%25",
		"::warning::validate did not finish",
		"my-rules: 2 rules, 3 questions: 1 error, 2 warnings (400 of 500 answer sets sampled)",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	// Every line is one of the commands written on purpose, or the summary.
	for _, l := range lines {
		if strings.HasPrefix(l, "::") && !strings.HasPrefix(l, "::error ") && !strings.HasPrefix(l, "::warning ") && !strings.HasPrefix(l, "::warning::") {
			t.Errorf("a line that is a workflow command of its own: %q", l)
		}
	}
	// A file name with a comma or a colon stays one property.
	v := render.Validation{Dir: "d", Problems: []render.Problem{{Severity: render.SeverityError, File: "a,b:c.yaml", Line: 1, Column: 2, Message: "m"}}}
	if got := drawValidation(t, "github", v); !strings.HasPrefix(got, "::error file=a%2Cb%3Ac.yaml,line=1,col=2::m\n") {
		t.Errorf("file property not escaped: %q", got)
	}
}

func TestValidationOfARulesetThatDidNotLoad(t *testing.T) {
	v := render.Validation{Dir: "my-rules", Problems: []render.Problem{{Severity: render.SeverityError, File: "my-rules/q.yaml", Line: 2, Column: 1, Message: "bad"}}}
	for format, want := range map[string]string{
		"text":   "my-rules/q.yaml:2:1: error: bad\nmy-rules: the ruleset did not load: 1 error, 0 warnings\n",
		"github": "::error file=my-rules/q.yaml,line=2,col=1::bad\nmy-rules: the ruleset did not load: 1 error, 0 warnings\n",
	} {
		if got := drawValidation(t, format, v); got != want {
			t.Errorf("%s: got %q, want %q", format, got, want)
		}
	}
	if out := drawValidation(t, "json", v); !strings.Contains(out, `"loaded": false`) {
		t.Errorf("json does not say the ruleset did not load:\n%s", out)
	}
}
