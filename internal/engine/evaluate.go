package engine

import (
	"fmt"
	"slices"

	"github.com/expr-lang/expr/vm"

	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
)

// Decision is the recommendation for one set of answers, with the reasons
// and the trace of the rules that fired. Its JSON and YAML forms are those
// of contract section 4 (without the envelope).
type Decision struct {
	Summary      string          `json:"summary" yaml:"summary"`
	Reports      []Report        `json:"reports" yaml:"reports"`
	AlsoConsider []Consideration `json:"also_consider" yaml:"also_consider"`
	Notes        []Reason        `json:"notes" yaml:"notes"`
	NextSteps    []Reason        `json:"next_steps" yaml:"next_steps"`
	Estimates    []Estimate      `json:"estimates" yaml:"estimates"`
	// Fired lists the ids of the rules whose condition held, in
	// evaluation order.
	Fired []string `json:"fired" yaml:"fired"`
}

// Report is one recommended report.
type Report struct {
	Report   string   `json:"report" yaml:"report"`
	Type     string   `json:"type" yaml:"type"`
	Criteria []string `json:"criteria" yaml:"criteria"`
	Reasons  []Reason `json:"reasons" yaml:"reasons"`
	Interim  *Interim `json:"interim" yaml:"interim"`
}

// Interim is the Type I to get first when a Type II is not yet possible.
type Interim struct {
	Type   string `json:"type" yaml:"type"`
	Text   string `json:"text" yaml:"text"`
	Rule   string `json:"rule" yaml:"rule"`
	Source string `json:"source" yaml:"source"`
}

// Reason is a sentence and the rule that produced it.
type Reason struct {
	Rule   string `json:"rule" yaml:"rule"`
	Text   string `json:"text" yaml:"text"`
	Source string `json:"source" yaml:"source"`
}

// Consideration is something else to consider (ISAE 3402, ISO 27001 ...).
type Consideration struct {
	ID     string `json:"id" yaml:"id"`
	Text   string `json:"text" yaml:"text"`
	Rule   string `json:"rule" yaml:"rule"`
	Source string `json:"source" yaml:"source"`
}

// evalState is the scratch space of one evaluation, reused across
// evaluations: an expression machine and the environment map.
type evalState struct {
	vm  vm.VM
	env map[string]any
}

// fired is a rule that fired, with its reason filled in.
type fired struct {
	rule   *Rule
	reason string
}

// Evaluate applies the ruleset to the answers. It is pure and
// deterministic: the same answers give the same Decision.
//
// Conflicts are resolved in one way, documented in docs and rules:
//   - a report is recommended when a rule recommends it and no rule excludes
//     it (exclusion wins);
//   - a report's type comes from the fired rule with the highest priority
//     that sets it; on a tie Type II wins, the conservative reading;
//   - an interim Type I comes from the highest-priority interim rule for the
//     report, and only when its type is Type II;
//   - criteria, also-consider items, notes and next steps accumulate.
//
// Answers to questions that are not asked (ask_if false) are ignored.
func (rs *Ruleset) Evaluate(answers questionnaire.Answers) (*Decision, error) {
	st := rs.states.Get().(*evalState)
	defer rs.states.Put(st)
	env, machine := st.env, &st.vm
	rs.Questions.FillEnv(env, answers)

	// Phase 1: the rules that decide the reports.
	firedRules := make([]fired, 0, len(rs.Rules))
	recommended, excluded := map[string]bool{}, map[string]bool{}
	run := func(r *Rule) error {
		out, err := machine.Run(r.when, env)
		if err != nil {
			return &RuleError{Rule: r, Err: err}
		}
		if out != true {
			return nil
		}
		f := fired{rule: r}
		if r.Reason != nil {
			if f.reason, err = r.Reason.render(machine, env); err != nil {
				return &RuleError{Rule: r, Err: fmt.Errorf("reason: %w", err)}
			}
		}
		firedRules = append(firedRules, f)
		return nil
	}
	for _, r := range rs.Rules {
		if !r.decidesReports() {
			continue
		}
		if err := run(r); err != nil {
			return nil, err
		}
		last := len(firedRules) - 1
		if last >= 0 && firedRules[last].rule == r {
			for _, id := range r.Recommend {
				recommended[id] = true
			}
			for _, id := range r.Exclude {
				excluded[id] = true
			}
		}
	}
	var reports []string
	for _, id := range soc.Reports {
		if recommended[id] && !excluded[id] {
			reports = append(reports, id)
		}
	}
	env[questionnaire.ReportsVar] = slices.Clip(reports)

	// Phase 2: everything else, which may read the reports.
	for _, r := range rs.Rules {
		if r.decidesReports() {
			continue
		}
		if err := run(r); err != nil {
			return nil, err
		}
	}

	d := &Decision{Reports: []Report{}, AlsoConsider: []Consideration{}, Notes: []Reason{}, NextSteps: []Reason{}, Estimates: []Estimate{}}
	d.Fired = make([]string, len(firedRules))
	for i, f := range firedRules {
		d.Fired[i] = f.rule.ID
	}
	for _, id := range reports {
		rep, err := rs.decideReport(id, firedRules)
		if err != nil {
			return nil, &IncompleteError{Report: id, Fired: d.Fired, Err: err}
		}
		d.Reports = append(d.Reports, rep)
	}
	seenConsider := map[string]bool{}
	for _, f := range firedRules {
		r := f.rule
		reason := Reason{Rule: r.ID, Text: f.reason, Source: r.Source}
		if len(r.Exclude) > 0 || r.Note {
			d.Notes = append(d.Notes, reason)
		}
		for _, id := range r.AlsoConsider {
			if !seenConsider[id] {
				seenConsider[id] = true
				d.AlsoConsider = append(d.AlsoConsider, Consideration{ID: id, Text: f.reason, Rule: r.ID, Source: r.Source})
			}
		}
		for _, t := range r.NextSteps {
			text, err := t.render(machine, env)
			if err != nil {
				return nil, &RuleError{Rule: r, Err: fmt.Errorf("next_steps: %w", err)}
			}
			d.NextSteps = append(d.NextSteps, Reason{Rule: r.ID, Text: text, Source: r.Source})
		}
	}
	order := rs.Catalog.considerIDs()
	slices.SortStableFunc(d.AlsoConsider, func(a, b Consideration) int {
		return slices.Index(order, a.ID) - slices.Index(order, b.ID)
	})
	for _, rep := range d.Reports {
		if rep.Interim != nil {
			if e := rs.Catalog.estimate(rep.Report, rep.Interim.Type); e != nil {
				d.Estimates = append(d.Estimates, *e)
			}
		}
		if e := rs.Catalog.estimate(rep.Report, rep.Type); e != nil {
			d.Estimates = append(d.Estimates, *e)
		}
	}
	d.Summary = rs.summary(d.Reports)
	return d, nil
}

// IncompleteError is Evaluate's error when the rules fired but their
// outcomes do not make a decision (a recommended report that no rule gives
// a type): a fault of the ruleset, not of the answers.
type IncompleteError struct {
	// Report is the report that could not be decided.
	Report string
	// Fired are the rules that fired, in evaluation order.
	Fired []string
	Err   error
}

func (e *IncompleteError) Error() string { return e.Err.Error() }
func (e *IncompleteError) Unwrap() error { return e.Err }

// RuleError is an error of one rule at evaluation: its condition or a
// text could not be computed for the answers.
type RuleError struct {
	Rule *Rule
	Err  error
}

func (e *RuleError) Error() string { return "rule " + e.Rule.ID + ": " + e.Err.Error() }
func (e *RuleError) Unwrap() error { return e.Err }

func (rs *Ruleset) decideReport(id string, firedRules []fired) (Report, error) {
	rep := Report{Report: id, Criteria: []string{}, Reasons: []Reason{}}
	var typeRule, interimRule *fired
	for i := range firedRules {
		f := &firedRules[i]
		r := f.rule
		if slices.Contains(r.Recommend, id) {
			rep.Reasons = append(rep.Reasons, Reason{Rule: r.ID, Text: f.reason, Source: r.Source})
		}
		if t, ok := r.Type[id]; ok {
			if typeRule == nil || r.Priority > typeRule.rule.Priority ||
				(r.Priority == typeRule.rule.Priority && t == "type2" && typeRule.rule.Type[id] != "type2") {
				typeRule = f
			}
		}
		if slices.Contains(r.Interim, id) && (interimRule == nil || r.Priority > interimRule.rule.Priority) {
			interimRule = f
		}
	}
	if typeRule == nil {
		return rep, fmt.Errorf("the ruleset recommends %s but no rule sets its type", id)
	}
	rep.Type = typeRule.rule.Type[id]
	rep.Reasons = append(rep.Reasons, Reason{Rule: typeRule.rule.ID, Text: typeRule.reason, Source: typeRule.rule.Source})
	if interimRule != nil && rep.Type == "type2" {
		rep.Interim = &Interim{Type: "type1", Text: interimRule.reason, Rule: interimRule.rule.ID, Source: interimRule.rule.Source}
	}
	if soc.HasCriteria(id) {
		for _, f := range firedRules {
			if len(f.rule.Criteria) == 0 {
				continue
			}
			for _, c := range f.rule.Criteria {
				if !slices.Contains(rep.Criteria, c) {
					rep.Criteria = append(rep.Criteria, c)
				}
			}
			rep.Reasons = append(rep.Reasons, Reason{Rule: f.rule.ID, Text: f.reason, Source: f.rule.Source})
		}
		soc.SortBy(rep.Criteria, soc.Criteria)
		if !slices.Contains(rep.Criteria, "security") {
			return rep, fmt.Errorf("the ruleset recommends %s without the security criterion, which every SOC 2 and SOC 3 includes", id)
		}
	}
	return rep, nil
}

// summary says the recommendation in words: "SOC 1 Type II and SOC 2 Type II".
func (rs *Ruleset) summary(reports []Report) string {
	if len(reports) == 0 {
		return "No SOC report is indicated"
	}
	parts := make([]string, len(reports))
	for i, r := range reports {
		parts[i] = rs.Catalog.Name(r.Report) + " " + rs.Catalog.Name(r.Type)
		if r.Interim != nil {
			parts[i] += " (" + rs.Catalog.Name(r.Interim.Type) + " first)"
		}
	}
	return questionnaire.JoinList(parts, "and")
}
