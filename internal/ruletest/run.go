package ruletest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/socpick/socpick/internal/engine"
)

// Result is the outcome of one case.
type Result struct {
	Suite *Suite
	Case  *Case
	// Failures say, one by one, what differs: expected against actual.
	Failures []string
	// Outcome is the whole actual outcome of a failing case in the shape
	// of expect (see Outcome), to paste into the test file when the new
	// advice is the right one; "" when the case passed or the rules
	// could not be evaluated.
	Outcome string
	// Fired are the rules that fired for the case's answers.
	Fired []string
}

// Passed reports whether the case met every expectation.
func (r *Result) Passed() bool { return len(r.Failures) == 0 }

// Run runs every case of the suites against rs, in file and case order.
func Run(rs *engine.Ruleset, suites []*Suite) []*Result {
	var out []*Result
	for _, s := range suites {
		for _, c := range s.Cases {
			out = append(out, runCase(rs, s, c))
		}
	}
	return out
}

func runCase(rs *engine.Ruleset, s *Suite, c *Case) *Result {
	res := &Result{Suite: s, Case: c}
	d, err := rs.EvaluateAt(c.Answers, c.Situation)
	if err != nil {
		res.Failures = append(res.Failures, "the rules could not be evaluated: "+err.Error())
		return res
	}
	res.Fired = d.Fired
	e := c.Expect
	if e.Reports != nil {
		if want, got := describeExpected(*e.Reports), describeDecided(*e.Reports, d.Reports); want != got {
			res.Failures = append(res.Failures, fmt.Sprintf("reports:\n  expected: %s\n  actual:   %s", want, got))
		}
	}
	sameIDs(res, "also_consider", e.AlsoConsider, d.AlsoConsider, func(c engine.Consideration) string { return c.ID })
	sameIDs(res, "obligations", e.Obligations, d.Obligations, func(c engine.Consideration) string { return c.ID })
	sameIDs(res, "warnings", e.Warnings, d.Warnings, func(w engine.Warning) string { return w.Code })
	if e.Deadline != "" {
		if got := d.DeadlineVerdict(); got != e.Deadline {
			res.Failures = append(res.Failures, fmt.Sprintf("deadline:\n  expected: %s\n  actual:   %s", e.Deadline, got))
		}
	}
	for _, want := range e.Milestones {
		if d.Plan == nil || !slices.ContainsFunc(d.Plan.Milestones, want.matches) {
			res.Failures = append(res.Failures, fmt.Sprintf("milestones: no %s\n  actual: %s", want, describeMilestones(d.Plan)))
		}
	}
	for _, id := range e.Fired {
		if !slices.Contains(d.Fired, id) {
			res.Failures = append(res.Failures, fmt.Sprintf("fired: rule %s did not fire (fired: %s)", id, list(d.Fired)))
		}
	}
	for _, id := range e.NotFired {
		if slices.Contains(d.Fired, id) {
			res.Failures = append(res.Failures, fmt.Sprintf("not_fired: rule %s fired", id))
		}
	}
	if len(res.Failures) > 0 {
		res.Outcome = Outcome(c, d)
	}
	return res
}

// WithOutcome returns r with its Outcome as a last entry of Failures,
// under OutcomeHeader and indented as the others' lines: how `rules test`
// shows a failing case in text. r is returned as it is when it has no
// Outcome.
func (r *Result) WithOutcome() *Result {
	if r.Outcome == "" {
		return r
	}
	shown := *r
	shown.Failures = append(slices.Clip(r.Failures), OutcomeHeader+"\n  "+strings.ReplaceAll(strings.TrimSuffix(r.Outcome, "\n"), "\n", "\n  "))
	return &shown
}

// sameIDs records a failure when the ids of got differ from want, in any
// order; a nil want is not checked.
func sameIDs[T any](res *Result, what string, want *[]string, got []T, id func(T) string) {
	if want == nil {
		return
	}
	ids := idsOf(got, id)
	w := slices.Clone(*want)
	slices.Sort(w)
	slices.Sort(ids)
	if !slices.Equal(w, ids) {
		res.Failures = append(res.Failures, fmt.Sprintf("%s:\n  expected: %s\n  actual:   %s", what, list(w), list(ids)))
	}
}

// matches reports whether m has every key the expectation gives.
func (want ExpectedMilestone) matches(m engine.Milestone) bool {
	return m.ID == want.ID && (want.Report == "" || string(m.Report) == want.Report) && (want.Type == "" || string(m.Type) == want.Type) &&
		(want.Start == "" || m.Start == want.Start) && (want.End == "" || m.End == want.End) &&
		(want.Date == "" || m.Date == want.Date)
}

// String writes a milestone as the failures show it: "report soc2 2027-08-31".
func (want ExpectedMilestone) String() string {
	s := want.ID
	if want.Report != "" {
		s += " " + want.Report
	}
	if want.Type != "" {
		s += " " + want.Type
	}
	if want.Start != "" || want.End != "" {
		s += " " + orAny(want.Start) + ".." + orAny(want.End)
	}
	if want.Date != "" {
		s += " " + want.Date
	}
	return s
}

func orAny(s string) string {
	if s == "" {
		return "*"
	}
	return s
}

// describeMilestones writes a plan's milestones in the same words.
func describeMilestones(p *engine.Plan) string {
	if p == nil {
		return "(no plan)"
	}
	var parts []string
	for _, m := range p.Milestones {
		parts = append(parts, ExpectedMilestone{ID: m.ID, Report: string(m.Report), Type: string(m.Type), Start: m.Start, End: m.End, Date: m.Date}.String())
	}
	return orNone(strings.Join(parts, "; "))
}

// describeExpected writes the expected reports as they are compared:
// "soc1 type2; soc2 type2 [security availability] interim type1".
func describeExpected(want []ExpectedReport) string {
	var parts []string
	for _, w := range want {
		s := strings.TrimSpace(w.Report + " " + w.Type)
		if w.Criteria != nil {
			s += " [" + strings.Join(*w.Criteria, " ") + "]"
		}
		if w.Interim != "" {
			s += " interim " + w.Interim
		}
		parts = append(parts, s)
	}
	return orNone(strings.Join(parts, "; "))
}

// describeDecided writes the decided reports in the same words, showing
// criteria and interim only where the expectation checks them, so that a
// difference is a real one.
func describeDecided(want []ExpectedReport, got []engine.Report) string {
	var parts []string
	for _, g := range got {
		s := strings.TrimSpace(g.Report + " " + string(g.Type))
		i := slices.IndexFunc(want, func(w ExpectedReport) bool { return w.Report == g.Report })
		if i >= 0 && want[i].Criteria != nil {
			s += " [" + strings.Join(g.Criteria, " ") + "]"
		}
		if i >= 0 && want[i].Interim != "" {
			interim := "none"
			if g.Interim != nil {
				interim = g.Interim.Type
			}
			s += " interim " + interim
		}
		parts = append(parts, s)
	}
	return orNone(strings.Join(parts, "; "))
}

func list(ids []string) string { return orNone(strings.Join(ids, ", ")) }

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// Coverage lists the rules of rs that fired in no result, in rule order.
func Coverage(rs *engine.Ruleset, results []*Result) (uncovered []*engine.Rule) {
	fired := map[string]bool{}
	for _, r := range results {
		for _, id := range r.Fired {
			fired[id] = true
		}
	}
	for _, r := range rs.Rules {
		if !fired[r.ID] {
			uncovered = append(uncovered, r)
		}
	}
	return uncovered
}
