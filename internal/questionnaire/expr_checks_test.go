package questionnaire_test

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/strictyaml"
)

// The checks Compile makes on an expression, one by one, on a questionnaire
// written here: several are made by walking expr's syntax tree, and an
// expr upgrade that changed the tree or the order of its compile steps
// must fail here, not silently load a rule that never fires.

const checksQuestions = `apiVersion: socpick/v1
kind: Questionnaire
questions:
  - key: hosting
    kind: choice
    prompt: Hosting?
    help: Where it runs.
    options: [{value: cloud, label: Cloud}, {value: onprem, label: On premises}]
  - key: services
    kind: list
    prompt: Services?
    help: What it does.
    options: [{value: payroll, label: Payroll}, {value: saas, label: SaaS}, {value: billing, label: Billing}]
  - key: regions
    kind: list
    prompt: Regions?
    help: Where its customers are.
    options: [{value: us, label: US}, {value: eu, label: EU}]
  - key: months
    kind: integer
    prompt: Months?
    help: How long.
    min: 0
    max: 120
`

func checksQuestionnaire(t *testing.T) *questionnaire.Questionnaire {
	t.Helper()
	qs, err := questionnaire.Parse("q.yaml", []byte(checksQuestions))
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// exprNode is the value of the single key of the YAML mapping doc, as the
// rules loader hands it to Compile (with its line, column and style).
func exprNode(t *testing.T, doc string) *yaml.Node {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &root); err != nil {
		t.Fatal(err)
	}
	return root.Content[0].Content[1]
}

// problemLines are the problems as "line:column: message", in the order of
// their positions (the order the rules loader reports them in).
func problemLines(probs []strictyaml.Problem) []string {
	probs = slices.Clone(probs)
	slices.SortStableFunc(probs, func(a, b strictyaml.Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	var out []string
	for _, p := range probs {
		out = append(out, fmt.Sprintf("%d:%d: %s", p.Line, p.Column, p.Msg))
	}
	return out
}

func TestExprChecks(t *testing.T) {
	qs := checksQuestionnaire(t)
	for _, tt := range []struct {
		name string
		doc  string // "when: ..." with the expression
		want []string
	}{
		// Not an expression.
		{"not text", "when: 3",
			[]string{`1:7: expected an expression as text, got the number 3`}},

		// From expr's parser and checker, placed in the file.
		{"syntax error", `when: hosting ==`,
			[]string{`1:16: in expression: unexpected token EOF`}},
		{"syntax error cut by a YAML comment", `when: any(services, # == "saas")`,
			[]string{`1:19: in expression: unexpected token EOF (YAML read " #" as the start of a comment: quote the expression)`}},
		{"type error", `when: hosting == 3`,
			[]string{`1:15: in expression: invalid operation: == (mismatched types string and int)`}},
		{"not a condition", `when: months + 1`,
			[]string{`1:7: in expression: expected bool, but got int`}},
		{"unknown name", `when: hostin == "cloud"`,
			[]string{`1:7: in expression: unknown name hostin (not an answer key) (did you mean "hosting"?)`}},
		{"unknown name near reports", `when: len(report) > 0`,
			[]string{`1:11: in expression: unknown name report (not an answer key) (did you mean "reports"?)`}},
		{"constant folded to an error", `when: months % 0 == 0 and 1 % 0 == 0`,
			[]string{`1:29: in expression: integer divide by zero`}},

		// Names expr does not check: the arguments of the functions it is given.
		{"unknown name passed to plural", `when: plural(month, "month") != ""`,
			[]string{`1:14: in expression: unknown name month (not an answer key) (did you mean "months"?)`}},
		{"unknown name passed to label", `when: label("services", service) != ""`,
			[]string{`1:25: in expression: unknown name service (not an answer key) (did you mean "services"?)`}},
		{"unknown name inside an argument", `when: plural(3 - mnths, "month") != ""`,
			[]string{`1:18: in expression: unknown name mnths (not an answer key) (did you mean "months"?)`}},
		{"unknown name without a near miss", `when: plural(zzz, "month") != ""`,
			[]string{`1:14: in expression: unknown name zzz (not an answer key)`}},
		{"unknown name in a map, an index, a slice", `when: 'plural(len({a: mnth}) + len(services[:mnts]) + len(services[mths]), "x") != ""'`,
			[]string{
				`1:23: in expression: unknown name mnth (not an answer key) (did you mean "months"?)`,
				`1:46: in expression: unknown name mnts (not an answer key) (did you mean "months"?)`,
				`1:68: in expression: unknown name mths (not an answer key) (did you mean "months"?)`,
			}},
		{"let variable in scope", `when: let n = months; plural(n, "month") != ""`, nil},
		{"let variable out of scope", `when: (let n = months; n > 1) && plural(n, "month") != ""`,
			[]string{`1:41: in expression: unknown name n (not an answer key)`}},
		{"reports", `when: plural(len(reports), "report") != ""`, nil},
		{"function names are not answers", `when: label("hosting", hosting) != plural(months, "month")`, nil},
		{"label key not an answer", `when: label("hostng", hosting) != ""`,
			[]string{`1:13: in expression: label: "hostng" is not an answer key (did you mean "hosting"?)`}},

		// String literals compared with answers.
		{"choice == literal", `when: hosting == "clod"`,
			[]string{`1:18: in expression: "clod" is not a value of hosting (want cloud or onprem) (did you mean "cloud"?)`}},
		{"literal != choice", `when: '"onprem " != hosting'`,
			[]string{`1:8: in expression: "onprem " is not a value of hosting (want cloud or onprem) (did you mean "onprem"?)`}},
		{"choice in literals", `when: hosting in ["cloud", "edge", "prem"]`,
			[]string{
				`1:28: in expression: "edge" is not a value of hosting (want cloud or onprem)`,
				`1:36: in expression: "prem" is not a value of hosting (want cloud or onprem) (did you mean "onprem"?)`,
			}},
		{"choice not in literals", `when: hosting not in ["edge"]`,
			[]string{`1:23: in expression: "edge" is not a value of hosting (want cloud or onprem)`}},
		{"literal in list", `when: '"sass" in services'`,
			[]string{`1:8: in expression: "sass" is not a value of services (want one or more of payroll, saas or billing) (did you mean "saas"?)`}},
		{"literal not in list", `when: '"lending" not in services'`,
			[]string{`1:8: in expression: "lending" is not a value of services (want one or more of payroll, saas or billing)`}},
		{"valid literals", `when: hosting == "cloud" and "saas" in services and hosting in ["onprem"]`, nil},

		// # inside a predicate stands for an element of the list it ranges over.
		{"element == literal", `when: 'any(services, # == "payrol")'`,
			[]string{`1:27: in expression: "payrol" is not a value of services (want one or more of payroll, saas or billing) (did you mean "payroll"?)`}},
		{"literal != element", `when: 'all(services, "x" != #)'`,
			[]string{`1:22: in expression: "x" is not a value of services (want one or more of payroll, saas or billing)`}},
		{"element in literals", `when: 'none(regions, # in ["us", "uk"])'`,
			[]string{`1:34: in expression: "uk" is not a value of regions (want one or more of us or eu) (did you mean "us"?)`}},
		{"every predicate builtin", `when: 'count(regions, # == "e") > 0 || len(filter(regions, # != "u")) > 0'`,
			[]string{
				`1:28: in expression: "e" is not a value of regions (want one or more of us or eu) (did you mean "eu"?)`,
				`1:65: in expression: "u" is not a value of regions (want one or more of us or eu) (did you mean "us"?)`,
			}},
		{"nested predicates", `when: 'any(services, # == "saas" && any(regions, # == "saas"))'`,
			[]string{`1:55: in expression: "saas" is not a value of regions (want one or more of us or eu)`}},
		{"element through a builtin", `when: 'any(services, len(#) > 0 && (# == "bill"))'`,
			[]string{`1:42: in expression: "bill" is not a value of services (want one or more of payroll, saas or billing)`}},
		{"list of the outer predicate", `when: 'any(services, any(filter(regions, # == "saas"), # == "eu"))'`,
			[]string{`1:47: in expression: "saas" is not a value of regions (want one or more of us or eu)`}},
		{"element of something not an answer", `when: 'any(["a"], # == "b")'`, nil},
		{"element outside a predicate", `when: 'map(services, #)[0] == "x"'`, nil},

		// Positions: quoted, a block over lines, and a template's place in its text.
		{"double-quoted", `when: "hosting == \"clod\""`,
			[]string{`1:19: in expression: "clod" is not a value of hosting (want cloud or onprem) (did you mean "cloud"?)`}},
		{"block, literal on the second line", "when: |\n  hosting == \"cloud\" and\n  hosting == \"clod\"\n",
			[]string{`3:1: in expression: "clod" is not a value of hosting (want cloud or onprem) (did you mean "cloud"?)`}},
		{"block, expr error on the second line", "when: |\n  hosting == \"cloud\" and\n  hostin == \"cloud\"\n",
			[]string{`3:1: in expression: unknown name hostin (not an answer key) (did you mean "hosting"?)`}},
		{"folded", "when: >\n  hosting == \"cloud\" and\n  hosting == \"clod\"\n",
			[]string{`1:7: in expression: "clod" is not a value of hosting (want cloud or onprem) (did you mean "cloud"?)`}},

		// Several problems in one expression are all reported.
		{"several", `when: 'label("x", zz) != "" && any(services, # == "y") && hosting == "z"'`,
			[]string{
				`1:14: in expression: label: "x" is not an answer key`,
				`1:19: in expression: unknown name zz (not an answer key)`,
				`1:51: in expression: "y" is not a value of services (want one or more of payroll, saas or billing)`,
				`1:70: in expression: "z" is not a value of hosting (want cloud or onprem)`,
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, probs := qs.Compile(exprNode(t, tt.doc), true)
			if got := problemLines(probs); !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n%q\nwant\n%q", got, tt.want)
			}
			if c == nil && len(probs) == 0 {
				t.Error("no program and no problem")
			}
		})
	}
}

// A template's expression may be any value, and its problems are placed
// at its offset inside the text that holds it, on every compile.
func TestExprChecksInTemplates(t *testing.T) {
	qs := checksQuestionnaire(t)
	n := exprNode(t, `reason: "Runs {{ months + 1 }} months, {{ hosting == 'clod' ? 1 : 2 }} times"`)
	if _, probs := qs.CompileText(n, " months + 1 ", false); len(probs) > 0 {
		t.Errorf("a template may be any value: %v", problemLines(probs))
	}
	want := []string{`1:54: in expression: "clod" is not a value of hosting (want cloud or onprem) (did you mean "cloud"?)`}
	for range 2 {
		_, probs := qs.CompileText(n, " hosting == 'clod' ? 1 : 2 ", false)
		if got := problemLines(probs); !slices.Equal(got, want) {
			t.Errorf("problems:\n%q\nwant\n%q", got, want)
		}
	}
}

// Reads lists the answers (and reports) an expression reads, once each,
// in the order first read: not function names, not let variables.
func TestExprReads(t *testing.T) {
	qs := checksQuestionnaire(t)
	for _, tt := range []struct {
		src         string
		withReports bool
		want        []string
	}{
		{`months > 3 && hosting == "cloud" && months < 9`, false, []string{"months", "hosting"}},
		{`any(services, # in regions) || label("hosting", hosting) != plural(months, "x")`, false, []string{"services", "regions", "hosting", "months"}},
		{`let n = months; n > 3 && "saas" in services`, false, []string{"months", "services"}},
		{`plural(len({a: hosting}) + len(services[months:]), "x") != ""`, false, []string{"hosting", "services", "months"}},
		{`"soc2" in reports && hosting == "cloud"`, true, []string{"reports", "hosting"}},
		{`true`, false, nil},
	} {
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: tt.src, Line: 1, Column: 1}
		c, probs := qs.Compile(n, tt.withReports)
		if len(probs) > 0 || c == nil {
			t.Errorf("%s: %v", tt.src, problemLines(probs))
			continue
		}
		if !slices.Equal(c.Reads, tt.want) {
			t.Errorf("%s: reads %q, want %q", tt.src, c.Reads, tt.want)
		}
	}
}

// The compiled programs run: `in` over a list answer goes through the
// []string function given to expr (the engine's hot loop), label and plural
// read as prose.
func TestExprPrograms(t *testing.T) {
	qs := checksQuestionnaire(t)
	env := qs.Env(questionnaire.Answers{"hosting": "onprem", "services": []string{"payroll", "saas"}, "months": 1})
	for _, tt := range []struct {
		src  string
		want any
	}{
		{`"saas" in services`, true},
		{`"billing" in services`, false},
		{`"billing" not in services`, true},
		{`hosting in ["cloud", "onprem"]`, true},
		{`any(services, # == "payroll")`, true},
		{`label("services", services) + " for " + plural(months, "month")`, "payroll and SaaS for 1 month"},
		{`label("hosting", hosting)`, "on premises"},
	} {
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: tt.src, Line: 1, Column: 1}
		c, probs := qs.CompileText(n, tt.src, false)
		if len(probs) > 0 || c == nil {
			t.Errorf("%s: %v", tt.src, problemLines(probs))
			continue
		}
		if got, err := expr.Run(c.Program, env); err != nil || got != tt.want {
			t.Errorf("%s = %v, %v; want %v", tt.src, got, err, tt.want)
		}
	}

	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: `"saas" in services`, Line: 1, Column: 1}
	c, probs := qs.Compile(n, false)
	if c == nil {
		t.Fatal(problemLines(probs))
	}
	var calls []string
	root := c.Program.Node()
	ast.Walk(&root, visitCalls(func(name string) { calls = append(calls, name) }))
	if !slices.Equal(calls, []string{"$inStrings"}) {
		t.Errorf(`"saas" in services calls %q, want the []string function $inStrings`, calls)
	}
}

type visitCalls func(name string)

func (f visitCalls) Visit(n *ast.Node) {
	if call, ok := (*n).(*ast.CallNode); ok {
		if id, ok := call.Callee.(*ast.IdentifierNode); ok {
			f(id.Value)
		}
	}
}
