package ruletest_test

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/ruletest"
	"github.com/socpick/socpick/rules"
)

// printedOutcome is the outcome block of a failing case as `rules test`
// prints it, as a person copies it: without the header, less the two
// spaces it is indented by under the header.
func printedOutcome(t *testing.T, r *ruletest.Result) string {
	t.Helper()
	if r.Passed() {
		t.Fatalf("%s passed; want it to fail", r.Case.Name)
	}
	shown := r.WithOutcome().Failures
	if len(shown) != len(r.Failures)+1 {
		t.Fatalf("%s: WithOutcome shows %d failures, want the %d and the outcome", r.Case.Name, len(shown), len(r.Failures))
	}
	last := shown[len(shown)-1]
	block, ok := strings.CutPrefix(last, ruletest.OutcomeHeader+"\n")
	if !ok {
		t.Fatalf("%s: the last failure is not the outcome:\n%s", r.Case.Name, last)
	}
	lines := strings.Split(block, "\n")
	for i, l := range lines {
		if lines[i], ok = strings.CutPrefix(l, "  "); !ok {
			t.Fatalf("%s: outcome line %q is not indented", r.Case.Name, l)
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// setExpect puts expect (YAML text) in place of a case's expect.
func setExpect(t *testing.T, c *yaml.Node, expect string) {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(expect), &n); err != nil {
		t.Fatalf("%v:\n%s", err, expect)
	}
	for i := 0; i+1 < len(c.Content); i += 2 {
		if c.Content[i].Value == "expect" {
			c.Content[i+1] = n.Content[0]
			return
		}
	}
	t.Fatal("a case without expect")
}

func encode(t *testing.T, doc *yaml.Node) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestOutcomePastesBackAsExpect: every case of the default suite is made
// to fail; the outcome each failure prints, pasted as the case's expect,
// is read by `rules test` as it is, and the case passes. The outcome
// gives the interim steps and the plan's milestones; without as_of, it
// says in a comment that they are as of today.
func TestOutcomePastesBackAsExpect(t *testing.T) {
	rs, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	data, err := fs.ReadFile(rules.FS, "default.test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, dated := range []bool{true, false} {
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		root := doc.Content[0]
		var cases *yaml.Node
		for i := 0; i < len(root.Content); i += 2 {
			switch root.Content[i].Value {
			case "tests":
				cases = root.Content[i+1]
			case "as_of":
				if !dated {
					root.Content = append(root.Content[:i:i], root.Content[i+2:]...)
					i -= 2
				}
			}
		}
		// A rule cannot both fire and not fire: every case fails.
		id := rs.Rules[0].ID
		for _, c := range cases.Content {
			setExpect(t, c, "{fired: ["+id+"], not_fired: ["+id+"]}")
		}
		s, err := ruletest.Parse("default.test.yaml", encode(t, &doc), rs)
		if err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for i, r := range ruletest.Run(rs, []*ruletest.Suite{s}) {
			block := printedOutcome(t, r)
			all.WriteString(block)
			setExpect(t, cases.Content[i], block)
			if said := strings.HasPrefix(block, "# no as_of:"); said == r.Case.Dated && strings.Contains(block, "milestones:") {
				t.Errorf("%s (dated %v): the outcome's comment on as_of is wrong:\n%s", r.Case.Name, r.Case.Dated, block)
			}
		}
		if !dated && !strings.Contains(all.String(), "# no as_of: the deadline and milestones are as of today") {
			t.Error("without as_of, no outcome says its plan is as of today")
		}
		for _, want := range []string{"interim: type1", "interim: none", "milestones:\n  - {id: ", "date: 20", "deadline: unmet", "not_fired: [" + id + "]"} {
			if !strings.Contains(all.String(), want) {
				t.Errorf("no outcome holds %q", want)
			}
		}

		s, err = ruletest.Parse("default.test.yaml", encode(t, &doc), rs)
		if err != nil {
			t.Fatalf("the pasted outcomes do not read: %v", err)
		}
		for _, r := range ruletest.Run(rs, []*ruletest.Suite{s}) {
			if !r.Passed() {
				t.Errorf("%s fails with its own outcome as expect:\n%s", r.Case.Name, strings.Join(r.Failures, "\n"))
			}
		}
	}
}

// TestOutcomeWithoutAsOf: a case of a file without as_of is planned from
// today; its outcome says so in a comment, and still pastes back.
func TestOutcomeWithoutAsOf(t *testing.T) {
	results := run(t, "  - name: wrong\n    expect: {reports: [{report: soc1, type: type2}], not_fired: [soc1-financial-impact]}\n")
	r := results[0]
	block := printedOutcome(t, r)
	if want := "reports:\n  - {report: soc2, type: type2, criteria: [security], interim: none}\n"; !strings.Contains(block, want) {
		t.Errorf("outcome lacks %q:\n%s", want, block)
	}
	if !strings.Contains(block, "not_fired: [soc1-financial-impact]\n") {
		t.Errorf("outcome drops the case's not_fired:\n%s", block)
	}
	if strings.Contains(strings.Join(r.Failures, "\n"), ruletest.OutcomeHeader) {
		t.Error("the outcome is among the failures: JUnit's message counts them")
	}
	var indented strings.Builder
	for _, l := range strings.SplitAfter(block, "\n") {
		if l != "" {
			indented.WriteString("      " + l)
		}
	}
	again := run(t, "  - name: pasted\n    expect:\n"+indented.String())
	if !again[0].Passed() {
		t.Errorf("the pasted outcome fails:\n%s\n%s", block, strings.Join(again[0].Failures, "\n"))
	}
	if again[0].Outcome != "" {
		t.Error("a passing case has an outcome")
	}
}
