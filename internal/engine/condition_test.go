package engine

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/expr-lang/expr/vm"

	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/rules"
)

// fastFixture is a ruleset whose conditions are the forms the fast path
// knows, and forms it must leave to expr, over three small questions
// whose every answer can be tried.
func fastFixture(t *testing.T, conditions map[string]string) *Ruleset {
	t.Helper()
	catalog, err := rules.FS.ReadFile(CatalogFile)
	if err != nil {
		t.Fatal(err)
	}
	sources, err := rules.FS.ReadFile(SourcesFile)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("apiVersion: socpick/v1\nkind: Rules\nrules:\n")
	for id, when := range conditions {
		fmt.Fprintf(&b, "  - {id: %s, when: %q, note: true, reason: Why.}\n", id, when)
	}
	fsys := fstest.MapFS{
		questionnaire.FileName: {Data: []byte(`apiVersion: socpick/v1
kind: Questionnaire
questions:
  - {key: q, kind: choice, prompt: "Q?", help: H., options: [{value: "yes", label: "Yes"}, {value: "no", label: "No"}]}
  - {key: l, kind: list, prompt: "L?", help: H., options: [{value: a, label: A}, {value: b, label: B}, {value: c, label: C}]}
  - {key: n, kind: integer, prompt: "N?", help: H., min: -3, max: 3}
`)},
		CatalogFile:          {Data: catalog},
		SourcesFile:          {Data: sources},
		"fixture.rules.yaml": {Data: []byte(b.String())},
	}
	rs, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// every calls try with the environment of every answer set of the fixture
// and every set of reports.
func every(rs *Ruleset, try func(env map[string]any)) {
	env := map[string]any{}
	lists := [][]string{nil}
	for _, o := range []string{"a", "b", "c"} {
		for _, l := range lists {
			lists = append(lists, append(l[:len(l):len(l)], o))
		}
	}
	for _, q := range []string{"yes", "no"} {
		for _, l := range lists {
			for n := -3; n <= 3; n++ {
				for _, reports := range rs.reportSets {
					rs.Questions.FillEnv(env, questionnaire.Answers{"q": q, "l": l, "n": n})
					env[questionnaire.ReportsVar] = reports
					try(env)
				}
			}
		}
	}
}

// agree checks that a rule's fast condition, where it knows, gives what
// expr gives, and that it never knows where expr fails. It returns whether
// the fast condition knew.
func agree(t *testing.T, rs *Ruleset, r *Rule, env map[string]any) bool {
	t.Helper()
	if r.fast == nil {
		return false
	}
	v, known := r.fast(rs.slots.fill(nil, env), "")
	var machine vm.VM
	out, err := machine.Run(r.when, env)
	switch {
	case err != nil && known:
		t.Errorf("rule %s (%s): fast says %v where expr fails (%v), for %v", r.ID, r.When, v, err, env)
	case err == nil && known && v != (out == true):
		t.Errorf("rule %s (%s): fast says %v, expr %v, for %v", r.ID, r.When, v, out, env)
	}
	return known
}

func TestFastConditionsAgreeWithExpr(t *testing.T) {
	// Every form the fast path knows: it must know each of these for every
	// answer set.
	known := map[string]string{
		"eq":            `q == "yes"`,
		"eq-left":       `"yes" == q`,
		"ne":            `q != "no"`,
		"not":           `!(q == "yes")`,
		"not-word":      `not (q == "yes") and n > 0`,
		"or-word":       `q == "yes" or n < -1`,
		"in-list":       `"a" in l`,
		"not-in":        `"a" not in l`,
		"in-set":        `q in ["yes"]`,
		"any":           `any(l, # in ["a", "b"])`,
		"all":           `all(l, # == "a")`,
		"none":          `none(l, # in ["c"])`,
		"one":           `one(l, # != "b")`,
		"nested":        `all(l, any(reports, # == "soc2"))`,
		"len":           `len(l) >= 2 && len(reports) == 1`,
		"arith":         `n + 1 > 2 || n - 2 < -4`,
		"neg":           `-n < 2`,
		"ternary-int":   `n - 2 == (q == "yes" ? 1 : -1)`,
		"ternary-str":   `(q == "yes" ? "a" : "b") in l`,
		"ternary-bool":  `q == "yes" ? n > 0 : "c" in l`,
		"range":         `n in 1..2`,
		"reports":       `"soc2" in reports && !("soc3" in reports)`,
		"literal-true":  `true`,
		"literal-false": `false || n == 3`,
	}
	// Forms left to expr, in whole or in part; where part is known the
	// answer must still agree, and never hide expr's error (l[0] of an
	// empty list).
	partial := map[string]string{
		"index-after":   `q == "yes" && l[0] == "a"`,
		"index-before":  `l[0] == "a" && q == "yes"`,
		"index-or":      `q == "no" || l[0] == "a"`,
		"upper":         `upper(q) == "YES"`,
		"count":         `count(l, # == "a") > 1`,
		"let":           `let x = 1; n > x`,
		"int-set":       `n in [1, 2]`,
		"reports-equal": `reports == ["soc2"]`,
		"label":         `label("l", l) == "a"`,
	}
	all := map[string]string{}
	for id, when := range known {
		all[id] = when
	}
	for id, when := range partial {
		all[id] = when
	}
	rs := fastFixture(t, all)
	knew := map[string]int{}
	tries := 0
	every(rs, func(env map[string]any) {
		tries++
		for _, r := range rs.Rules {
			if agree(t, rs, r, env) {
				knew[r.ID]++
			}
		}
	})
	for id := range known {
		if knew[id] != tries {
			t.Errorf("rule %s (%s): the fast path knew %d of %d answer sets; want all", id, known[id], knew[id], tries)
		}
	}
	for _, id := range []string{"index-before", "upper", "let", "label"} {
		if knew[id] != 0 {
			t.Errorf("rule %s (%s): the fast path knew %d answer sets; want none", id, partial[id], knew[id])
		}
	}
	if knew["index-after"] == 0 || knew["index-after"] == tries {
		t.Errorf("rule index-after: the fast path knew %d of %d answer sets; want those where q is no", knew["index-after"], tries)
	}
}

// The default ruleset's conditions, on sampled answers and every set of
// reports: the fast path agrees with expr wherever it knows.
func TestFastConditionsAgreeOnTheDefaultRuleset(t *testing.T) {
	rs, err := Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	candidates := rs.integerCandidates()
	env := map[string]any{}
	knew, tries := 0, 0
	for range 500 {
		a := rs.Questions.Sample(rng, candidates)
		for _, reports := range rs.reportSets {
			rs.Questions.FillEnv(env, a)
			env[questionnaire.ReportsVar] = reports
			for _, r := range rs.Rules {
				tries++
				if agree(t, rs, r, env) {
					knew++
				}
			}
		}
	}
	t.Logf("the fast path decided %d of %d conditions", knew, tries)
}

// Evaluating with the fast path gives the very Decision evaluating on
// expr's machine alone gives.
func TestFastPathChangesNoDecision(t *testing.T) {
	fast, err := Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range slow.Rules {
		r.fast = nil
	}
	rng := rand.New(rand.NewPCG(3, 4))
	candidates := fast.integerCandidates()
	for range 2000 {
		a := fast.Questions.Sample(rng, candidates)
		want, err1 := slow.Evaluate(a)
		got, err2 := fast.Evaluate(a)
		if fmt.Sprint(err1) != fmt.Sprint(err2) || !reflect.DeepEqual(want, got) {
			t.Fatalf("for %v:\nexpr alone: %+v (%v)\nfast path:  %+v (%v)", a, want, err1, got, err2)
		}
	}
}

// The reports' values in the environment are those evaluation has always
// set: the recommended ids in contract order, nil for none.
func TestReportSets(t *testing.T) {
	rs, err := Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	if got := rs.reportSets[0]; got.([]string) != nil {
		t.Errorf("no reports = %#v; want a nil list", got)
	}
	if got, want := rs.reportSets[len(rs.reportSets)-1], soc.Reports; !reflect.DeepEqual(got, want) {
		t.Errorf("every report = %v; want %v", got, want)
	}
}
