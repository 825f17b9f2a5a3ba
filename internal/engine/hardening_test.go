package engine_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/questionnaire"
)

// brokenRules are rules that load but cannot be evaluated: one spends
// expr's memory budget on every evaluation (0.1 s each), one reads past
// the end of a list, one fails in its reason.
const brokenRules = `apiVersion: socpick/v1
kind: Rules
rules:
  - id: slow
    when: 'all(1..1000, {all(1..1000, {all(1..1000, {# >= 0})})})'
    also_consider: [pci-dss]
    reason: Slow.
  - id: bad-index
    when: customer_data == "yes" && services[3] == "saas"
    also_consider: [pci-dss]
    reason: Never.
  - id: bad-reason
    when: '"cardholder" in data_types'
    note: true
    reason: 'Cardholder data {{ int("abc") }}.'
`

// A rule's runtime error names the rule's file and position, and what
// went wrong without expr's drawing of the expression: the condition's
// position for the condition, the rule's for its texts.
func TestRuleErrorHasItsPosition(t *testing.T) {
	for _, tt := range []struct {
		name    string
		answers questionnaire.Answers
		want    string
		pos     int // line of the position
	}{
		{"when", fixtureAnswers(nil), "zz.rules.yaml:9:11: rule bad-index: when: index out of range: 3 (array length is 1)", 9},
		{"reason", fixtureAnswers(questionnaire.Answers{"services": []string{"a", "b", "c", "d"}, "data_types": []string{"cardholder"}}),
			"zz.rules.yaml:12:5: rule bad-reason: reason: invalid operation: int(abc)", 12},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"zz.rules.yaml": strings.Replace(brokenRules, "when: 'all(1..1000", "when: 'false && all(1..1000", 1)}
			if tt.name == "reason" {
				files["zz.rules.yaml"] = strings.Replace(files["zz.rules.yaml"], `services[3] == "saas"`, `services[3] == "nope"`, 1)
			}
			rs := loadFixture(t, files)
			_, err := rs.Evaluate(tt.answers)
			var re *engine.RuleError
			if !errors.As(err, &re) {
				t.Fatalf("got %v, want a RuleError", err)
			}
			if err.Error() != tt.want {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
			if re.File != "zz.rules.yaml" || re.Pos.Line != tt.pos {
				t.Errorf("at %s:%d, want zz.rules.yaml:%d", re.File, re.Pos.Line, tt.pos)
			}
		})
	}
}

// A rule that cannot be evaluated is reported once, at its position, and
// the search goes on without it, fast: before, every sample failed on the
// slow rule, every rule looked as if it never fired, and validate walked
// every combination for each (more than two minutes).
func TestAnalyzeReportsARuleThatCannotBeEvaluatedOnce(t *testing.T) {
	rs := loadFixture(t, map[string]string{"zz.rules.yaml": brokenRules})
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	an := rs.Analyze(ctx, 2000)
	if an.Cut || an.Sampled != 2000 || len(an.Unwalked) > 0 {
		t.Errorf("cut %v, sampled %d, unwalked %q: want the whole analysis within its budget", an.Cut, an.Sampled, an.Unwalked)
	}
	var got []string
	for _, f := range an.Findings {
		if f.Error { // the warnings are those of any rule without sources
			got = append(got, f.String())
		}
	}
	want := []string{
		"zz.rules.yaml:5:11: error: rule slow cannot be evaluated (it reads no answer): when: memory budget exceeded; the rest of the analysis leaves it out",
		"zz.rules.yaml:9:11: error: rule bad-index cannot be evaluated for some answers (e.g. ",
		"zz.rules.yaml:12:5: error: rule bad-reason cannot be evaluated for some answers (e.g. ",
	}
	if len(got) != len(want) {
		t.Fatalf("findings:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d:\n%s\nwant it to start\n%s", i, got[i], want[i])
		}
	}
	if !strings.Contains(got[1], "): when: index out of range") || !strings.Contains(got[2], "): reason: invalid operation: int(abc)") {
		t.Errorf("findings do not say what went wrong:\n%s", strings.Join(got, "\n"))
	}
}

// The analysis stops when its context ends, and says what it did not
// finish: the rules that fired in no sample are listed, not reported as
// rules that never fire.
func TestAnalyzeStopsAtItsDeadline(t *testing.T) {
	rs := loadFixture(t, map[string]string{"zz.rules.yaml": `apiVersion: socpick/v1
kind: Rules
rules:
  - id: never
    when: customer_data == "yes" && customer_data == "no"
    also_consider: [pci-dss]
    reason: Never.
    sources: [fixture]
`})
	ctx, cancel := context.WithDeadline(t.Context(), time.Unix(0, 0))
	defer cancel()
	an := rs.Analyze(ctx, 2000)
	if !an.Cut || an.Sampled != 0 {
		t.Errorf("cut %v, sampled %d: want cut before the first sample", an.Cut, an.Sampled)
	}
	if !slices.Equal(an.Unwalked, rs.RuleIDs()) {
		t.Errorf("unwalked %q, want every rule %q", an.Unwalked, rs.RuleIDs())
	}
	for _, f := range an.Findings {
		t.Errorf("finding from an analysis cut short: %s", f)
	}

	// Given the time, it finds the rule that never fires.
	an = rs.Analyze(t.Context(), 2000)
	if an.Cut || len(an.Unwalked) > 0 || len(an.Findings) != 1 || !strings.Contains(an.Findings[0].Msg, "rule never can never fire") {
		t.Errorf("cut %v, unwalked %q, findings %v: want the rule that never fires", an.Cut, an.Unwalked, an.Findings)
	}
}
