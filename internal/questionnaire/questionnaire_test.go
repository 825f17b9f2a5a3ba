package questionnaire_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/rules"
)

// fixtureDir is the small ruleset written for the tests (see its
// questions.yaml). The questionnaire's semantics are tested on it, so that
// the default questions can change without changing these tests.
const fixtureDir = "../../testdata/fixture-rules"

func load(t *testing.T) *questionnaire.Questionnaire {
	t.Helper()
	qs, err := questionnaire.Load(os.DirFS(fixtureDir))
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// The default questions hold the answer keys of the contract (section 2),
// in its order; questions added later may stand between them. Every
// question and option says what it is.
func TestDefaultQuestionsCoverContract(t *testing.T) {
	qs, err := questionnaire.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	contract := []string{"services", "financial_reporting_impact", "sox_customers", "customer_data", "data_types",
		"security_reviews", "availability_commitments", "processing_integrity", "public_report",
		"controls_operating_months", "first_examination", "deadline_months", "type2_required",
		"customer_regions", "subservice_providers", "significant_changes"}
	keys := qs.Keys()
	i := 0
	for _, k := range keys {
		if i < len(contract) && k == contract[i] {
			i++
		}
	}
	if i < len(contract) {
		t.Errorf("the contract's key %s is missing or out of order:\nkeys %v\nwant %v among them, in order", contract[i], keys, contract)
	}
	for _, q := range qs.Questions {
		if q.Prompt == "" || q.Help == "" {
			t.Errorf("%s: prompt and help are required", q.Key)
		}
		for _, o := range q.Options {
			if o.Label == "" || o.Description == "" {
				t.Errorf("%s: option %s needs a label and a description", q.Key, o.Value)
			}
		}
	}
}

func TestParseFlag(t *testing.T) {
	qs := load(t)
	tests := []struct {
		key, in string
		want    string // fmt of the value, or the error text fragment
		wantErr bool
	}{
		{"customer_data", "yes", "yes", false},
		{"customer_data", "maybe", `"maybe" is not a valid value (want yes or no)`, true},
		{"customer_data", "TRUE", "yes", false},
		{"customer_data", "yse", `did you mean "yes"?`, true},
		// Values are read whatever their case, and kept as the option's.
		{"customer_data", "Yes", "yes", false},
		{"customer_data", "NO", "no", false},
		{"customer_data", "False", "no", false},
		{"services", "SaaS,Payroll", "[payroll saas]", false},
		{"services", "saas,SAAS", `"SAAS" is listed twice (case does not matter)`, true},
		{"services", "saas, payroll", "[payroll saas]", false},
		{"services", "saas,saas", "listed twice", true},
		{"services", "", "choose at least one", true},
		{"data_types", "none,personal", "cannot be combined", true},
		{"controls_operating_months", "14", "14", false},
		{"controls_operating_months", "-1", "out of range", true},
		{"controls_operating_months", "121", "out of range (want a whole number from 0 to 120)", true},
		{"controls_operating_months", "six", "not a whole number", true},
		{"controls_operating_months", "99999999999999999999", "is out of range", true},
	}
	for _, tt := range tests {
		v, err := qs.Lookup(tt.key).ParseFlag(tt.in)
		if tt.wantErr {
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s %q: err = %v, want it to contain %q", tt.key, tt.in, err, tt.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %q: %v", tt.key, tt.in, err)
			continue
		}
		if got := fmt.Sprint(v); got != tt.want {
			t.Errorf("%s %q = %s, want %s", tt.key, tt.in, got, tt.want)
		}
	}
}

// A short word is not corrected to yes or no: on, off, ok and y say
// only what is allowed.
func TestParseFlagShortWordsGetNoGuess(t *testing.T) {
	q := load(t).Lookup("customer_data")
	for _, in := range []string{"on", "off", "ok", "y", "n", "1", "nah"} {
		_, err := q.ParseFlag(in)
		want := fmt.Sprintf("%q is not a valid value (want yes or no)", in)
		if err == nil || err.Error() != want {
			t.Errorf("%q: err = %v, want %s", in, err, want)
		}
	}
}

func TestAskIfAndPrune(t *testing.T) {
	qs := load(t)
	dt := qs.Lookup("data_types")
	if qs.Asked(dt, questionnaire.Answers{"customer_data": "no"}) {
		t.Error("data_types asked when customer_data is no")
	}
	if !qs.Asked(dt, questionnaire.Answers{"customer_data": "yes"}) {
		t.Error("data_types not asked when customer_data is yes")
	}
	pruned, dropped := qs.Prune(questionnaire.Answers{"customer_data": "no", "data_types": []string{"personal"}})
	if _, ok := pruned["data_types"]; ok || len(dropped) != 1 || dropped[0] != "data_types" {
		t.Errorf("Prune = %v, %v; want data_types dropped", pruned, dropped)
	}
	// With customer_data missing, data_types is listed as missing too: it
	// may well be asked once customer_data is answered.
	missing := qs.Missing(questionnaire.Answers{})
	if len(missing) != len(qs.Questions) {
		t.Errorf("Missing(empty) lists %d questions, want all %d", len(missing), len(qs.Questions))
	}
	missing = qs.Missing(questionnaire.Answers{"customer_data": "no"})
	for _, q := range missing {
		if q.Key == "data_types" {
			t.Error("data_types listed as missing though customer_data is no")
		}
	}
}

func TestParseErrorsArePositioned(t *testing.T) {
	const head = "apiVersion: socpick/v1\nkind: Questionnaire\nquestions:\n"
	const cd = "  - key: customer_data\n    kind: choice\n    prompt: Data?\n    help: Help.\n    options: [{value: \"yes\", label: \"Yes\"}, {value: \"no\", label: \"No\"}]\n"
	tests := []struct{ name, body, want string }{
		{"unknown key", "  - key: x\n    promt: typo\n", `q.yaml:5:5: questions[0]: unknown key "promt"`},
		{"bad default", cd + "    default: maybe\n", `q.yaml:9:14: questions[0].default: "maybe" is not a valid value (want yes or no)`},
		{"bad kind", "  - {key: x, kind: text, prompt: X, help: X}\n", `q.yaml:4:14: questions[0].kind: "text" is not a kind`},
		{"duplicate key", cd + cd, `q.yaml:9:5: questions[1]: duplicate question key "customer_data"`},
		{"value typo in ask_if", cd + "  - {key: d, kind: list, prompt: X, help: X, options: [{value: a, label: A}], ask_if: customer_data == \"yess\"}\n",
			`q.yaml:9:104: questions[1].ask_if: in expression: "yess" is not a value of customer_data (want yes or no) (did you mean "yes"?)`},
		{"unknown name in ask_if", cd + "  - {key: d, kind: list, prompt: X, help: X, options: [{value: a, label: A}], ask_if: custmer_data == \"yes\"}\n",
			`q.yaml:9:87: questions[1].ask_if: in expression: unknown name custmer_data`},
		{"ask_if reads a later question", "  - {key: d, kind: list, prompt: X, help: X, options: [{value: a, label: A}], ask_if: customer_data == \"yes\"}\n" + cd,
			`questions[0].ask_if: reads "customer_data", which is not asked before "d"`},
		{"not yaml", "\x00\x01", `q.yaml: not a text file`},
		{"bad yaml", "  - key: [\n", `q.yaml:4:10: invalid YAML: this '[' is never closed with ']'`},
	}
	for _, tt := range tests {
		_, err := questionnaire.Parse("q.yaml", []byte(head+tt.body))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got error\n%v\nwant it to contain\n%s", tt.name, err, tt.want)
		}
	}
}

func TestLabelsReadInProse(t *testing.T) {
	qs := load(t)
	src := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: `label("services", services)`}
	c, probs := qs.CompileText(src, src.Value, false)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	for _, tt := range []struct {
		services []string
		want     string
	}{
		{[]string{"saas"}, "SaaS"},
		{[]string{"payroll", "erp"}, "payroll and ERP"},
		{[]string{"payroll", "billing", "lending"}, "payroll; billing and invoicing; and lending and loan servicing"},
		{[]string{"payroll", "payments", "saas"}, "payroll, payments and SaaS"},
	} {
		env := qs.Env(questionnaire.Answers{"services": tt.services})
		got, err := expr.Run(c.Program, env)
		if err != nil || got != tt.want {
			t.Errorf("label(services %v) = %q, %v; want %q", tt.services, got, err, tt.want)
		}
	}
}

// Every name in an expression is an answer key, reports, or a let
// variable: also inside the arguments of label and plural, which expr
// itself does not check (a typo there would read as 0 or "" at run time).
func TestUnknownNamesEverywhere(t *testing.T) {
	qs := load(t)
	for _, tt := range []struct {
		src, want string
	}{
		{`plural(controls_operating_month, "month")`, `1:8: in expression: unknown name controls_operating_month (not an answer key) (did you mean "controls_operating_months"?)`},
		{`label("services", service)`, `1:19: in expression: unknown name service (not an answer key) (did you mean "services"?)`},
		{`plural(3 - controls_operating_month, "month")`, `1:12: in expression: unknown name controls_operating_month`},
		{`let n = controls_operating_months; plural(n, "month")`, ``},
		{`plural(len(reports), "report")`, ``},
	} {
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: tt.src, Line: 1, Column: 1}
		_, probs := qs.CompileText(n, tt.src, true)
		got := ""
		if len(probs) > 0 {
			got = fmt.Sprintf("%d:%d: %s", probs[0].Line, probs[0].Column, probs[0].Msg)
		}
		if tt.want == "" && got != "" || !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.src, got, tt.want)
		}
	}
}

// Sampled answers are always valid: every asked question answered with an
// allowed value, an exclusive option alone, integers in range even on the
// widest range; and the same seed gives the same answers.
func TestSample(t *testing.T) {
	qs := load(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		a := qs.Sample(rng, map[string][]int{"controls_operating_months": {0, 6}})
		if missing := qs.Missing(a); len(missing) > 0 {
			t.Fatalf("%v leaves %s unanswered", a, missing[0].Key)
		}
		for k, v := range a {
			if _, err := qs.Lookup(k).Check(v); err != nil {
				t.Fatalf("%s = %v: %v", k, v, err)
			}
		}
	}
	a := qs.Sample(rand.New(rand.NewPCG(7, 7)), nil)
	b := qs.Sample(rand.New(rand.NewPCG(7, 7)), nil)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("the same seed gave different answers")
	}
}
