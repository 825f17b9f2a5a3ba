package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"path/filepath"
	"slices"
	"strings"

	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/internal/strictyaml"
)

// Decision is the recommendation for one set of answers, with the reasons
// and the trace of the rules that fired. Its JSON and YAML forms are those
// of docs/formats.md, "Advice" (without the envelope).
type Decision struct {
	Summary string   `json:"summary" yaml:"summary"`
	Reports []Report `json:"reports" yaml:"reports"`
	// Obligations apply to the vendor by law or contract (PCI DSS,
	// HIPAA); AlsoConsider are options.
	Obligations  []Consideration `json:"obligations" yaml:"obligations"`
	AlsoConsider []Consideration `json:"also_consider" yaml:"also_consider"`
	// Warnings are answers to check: contradictions, and answers assumed
	// because a profile does not give them.
	Warnings  []Warning  `json:"warnings" yaml:"warnings"`
	Notes     []Reason   `json:"notes" yaml:"notes"`
	NextSteps []Reason   `json:"next_steps" yaml:"next_steps"`
	Estimates []Estimate `json:"estimates" yaml:"estimates"`
	// Plan is the dated plan, when the evaluation had a date and the
	// catalog plan settings; nil otherwise.
	Plan *Plan `json:"plan" yaml:"plan"`
	// Sources are the sources cited above, each once, in order of first
	// citation.
	Sources []Source `json:"sources" yaml:"sources"`
	// Fired lists the ids of the rules whose condition held, in
	// evaluation order.
	Fired []string `json:"fired" yaml:"fired"`
}

// Report is one recommended report.
type Report struct {
	Report string `json:"report" yaml:"report"`
	// Type is the report's type; empty (null in JSON and YAML) for a
	// report that has none, a SOC 3.
	Type     TypeID   `json:"type" yaml:"type"`
	Criteria []string `json:"criteria" yaml:"criteria"`
	Reasons  []Reason `json:"reasons" yaml:"reasons"`
	Interim  *Interim `json:"interim" yaml:"interim"`
}

// TypeID is a report type id, or empty for none: null in JSON and YAML.
type TypeID string

// MarshalJSON writes an empty type as null, and any other as a string,
// as socpick writes every JSON string (<, > and & left as they are).
func (t TypeID) MarshalJSON() ([]byte, error) {
	if t == "" {
		return []byte("null"), nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(string(t)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// MarshalYAML writes an empty type as null.
func (t TypeID) MarshalYAML() (any, error) {
	if t == "" {
		return nil, nil
	}
	return string(t), nil
}

// Interim is the Type I to get first when a Type II is not yet possible.
type Interim struct {
	Type    string   `json:"type" yaml:"type"`
	Text    string   `json:"text" yaml:"text"`
	Rule    string   `json:"rule" yaml:"rule"`
	Sources []string `json:"sources" yaml:"sources"`
}

// Reason is a sentence, the rule that produced it and the sources it
// rests on.
type Reason struct {
	Rule    string   `json:"rule" yaml:"rule"`
	Text    string   `json:"text" yaml:"text"`
	Sources []string `json:"sources" yaml:"sources"`
}

// Consideration is an obligation (PCI DSS) or something else to consider
// (ISAE 3402, ISO 27001 ...).
type Consideration struct {
	ID      string   `json:"id" yaml:"id"`
	Text    string   `json:"text" yaml:"text"`
	Rule    string   `json:"rule" yaml:"rule"`
	Sources []string `json:"sources" yaml:"sources"`
}

// Warning codes: the rules may give those of RuleWarningCodes; the engine
// gives assumed-answer itself.
const (
	WarnContradiction = "contradiction"
	WarnAssumedAnswer = "assumed-answer"
	WarnDeadlineUnmet = "deadline-unmet"
)

// WarningCodes are every warning code.
var WarningCodes = []string{WarnContradiction, WarnAssumedAnswer, WarnDeadlineUnmet}

// RuleWarningCodes are the warning codes a rule may give.
var RuleWarningCodes = []string{WarnContradiction, WarnDeadlineUnmet}

// Warning is an answer, or answers, to check.
type Warning struct {
	Code string `json:"code" yaml:"code"`
	Text string `json:"text" yaml:"text"`
	// Answers are the answer keys to check.
	Answers []string `json:"answers" yaml:"answers"`
	// Rule is the rule that gave the warning; empty for the engine's own.
	Rule    string   `json:"rule,omitempty" yaml:"rule,omitempty"`
	Sources []string `json:"sources,omitempty" yaml:"sources,omitempty"`
}

// evalState is the scratch space of one evaluation, reused across
// evaluations: an expression machine, the environment (as a map for expr,
// by slot for the fast conditions), the rules that fired, and the first
// fired rule naming each also-consider item.
type evalState struct {
	vm       vm.VM
	env      map[string]any
	vals     fastEnv
	fired    []fired
	consider []*fired
	oblige   []*fired
}

// fired is a rule that fired, with its reason once rendered.
type fired struct {
	rule     *Rule
	reason   string
	rendered bool
}

// text returns the rule's reason, rendering it on first use: a reason no
// output shows (a type rule outranked, an also-consider item named first by
// another rule) is never rendered.
func (f *fired) text(machine *vm.VM, env map[string]any) (string, error) {
	if !f.rendered && f.rule.Reason != nil {
		text, err := f.rule.Reason.render(machine, env)
		if err != nil {
			return "", ruleError(f.rule, "reason", err)
		}
		f.reason = text
	}
	f.rendered = true
	return f.reason, nil
}

// holds evaluates the rule's condition: in Go when its form allows (see
// fastCondition), on expr's machine otherwise.
func (r *Rule) holds(machine *vm.VM, env map[string]any, vals fastEnv) (bool, error) {
	if r.fast != nil {
		if v, known := r.fast(vals, ""); known {
			return v, nil
		}
	}
	out, err := machine.Run(r.when, env)
	if err != nil {
		return false, ruleError(r, "when", err)
	}
	return out == true, nil
}

// Evaluate applies the ruleset to the answers. It is pure and
// deterministic: the same answers give the same Decision.
//
// Conflicts are resolved in one way, documented in docs and rules:
//   - a report is recommended when a rule recommends it and no rule excludes
//     it (exclusion wins);
//   - a report's type comes from the fired rule with the highest priority
//     that sets it; on a tie, the type listed first in the catalog's
//     type_preference wins (without it, a tie is an error of the ruleset);
//   - an interim Type I comes from the highest-priority interim rule for the
//     report, and only when its type is Type II;
//   - criteria, also-consider items, notes and next steps accumulate; a
//     report without a criterion the catalog's required_criteria names for
//     it is an error of the ruleset.
//
// Answers to questions that are not asked (ask_if false) are ignored.
func (rs *Ruleset) Evaluate(answers questionnaire.Answers) (*Decision, error) {
	return rs.EvaluateAt(answers, Situation{})
}

// EvaluateAt is Evaluate for a situation: the day the advice is for, the
// day the answers were given (time-based answers are aged to the first),
// and the reports held. With a date and the catalog's plan settings, the
// decision has a dated plan, and rules may read the plan's variables.
func (rs *Ruleset) EvaluateAt(answers questionnaire.Answers, sit Situation) (*Decision, error) {
	d, err := rs.evaluate(answers, sit, nil)
	var re *RuleError
	if errors.As(err, &re) && rs.Dir != "" {
		re.File = filepath.Join(rs.Dir, re.File)
	}
	return d, err
}

// evaluate is Evaluate with the rules in skip left out, as if they did
// not fire: Analyze leaves out a rule that cannot be evaluated once it has
// reported it, to go on looking at the others.
func (rs *Ruleset) evaluate(answers questionnaire.Answers, sit Situation, skip map[*Rule]bool) (*Decision, error) {
	st := rs.states.Get().(*evalState)
	defer rs.states.Put(st)
	env, machine := st.env, &st.vm
	answers, assumed := rs.Questions.Assume(answers)
	answers, deadline := rs.aged(answers, sit)
	rs.Questions.FillEnv(env, answers)
	st.vals = rs.slots.fill(st.vals, env)
	st.fired = st.fired[:0]

	// Phase 1: the rules that decide the reports. Their reasons are
	// rendered now, before reports is set, as they always have been.
	var recommended, excluded uint
	for _, r := range rs.decide {
		if skip != nil && skip[r] {
			continue
		}
		ok, err := r.holds(machine, env, st.vals)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		st.fired = append(st.fired, fired{rule: r})
		if _, err := st.fired[len(st.fired)-1].text(machine, env); err != nil {
			return nil, err
		}
		recommended |= r.recommend
		excluded |= r.exclude
	}
	reports := recommended &^ excluded
	env[questionnaire.ReportsVar] = rs.reportSets[reports]
	if slot, ok := rs.slots.index[questionnaire.ReportsVar]; ok {
		st.vals[slot] = env[questionnaire.ReportsVar]
	}
	tracks := rs.tracks(env, reports, sit)
	setPlanVars(env, tracks, sit.AsOf)

	// Phase 2: everything else, which may read the reports.
	for _, r := range rs.follow {
		if skip != nil && skip[r] {
			continue
		}
		ok, err := r.holds(machine, env, st.vals)
		if err != nil {
			return nil, err
		}
		if ok {
			st.fired = append(st.fired, fired{rule: r})
		}
	}
	d, err := rs.decision(st, reports)
	if err != nil {
		return nil, err
	}
	if len(assumed) > 0 {
		d.Warnings = slices.Insert(d.Warnings, 0, rs.assumedWarning(assumed))
	}
	rs.plan(d, st.env, tracks, sit, deadline)
	d.Sources = rs.cited(d)
	return d, nil
}

// assumedWarning says which answers were assumed, and as what.
func (rs *Ruleset) assumedWarning(assumed []*questionnaire.Question) Warning {
	w := Warning{Code: WarnAssumedAnswer, Answers: make([]string, len(assumed))}
	parts := make([]string, len(assumed))
	for i, q := range assumed {
		w.Answers[i] = q.Key
		parts[i] = fmt.Sprintf("%s for %q (%s)", q.Describe(q.Assumed), strings.TrimSuffix(q.Prompt, " (all that apply)"), "--"+q.Flag())
	}
	if len(assumed) == 1 {
		w.Text = "A question was not answered, so socpick assumed " + parts[0] +
			". The advice holds only as far as that assumption does: answer it in the profile, or with its flag."
	} else {
		w.Text = fmt.Sprintf("%d questions were not answered, so socpick assumed %s. The advice holds only as far as those assumptions do: answer them in the profile, or with their flags.",
			len(assumed), prose.JoinList(parts, "and"))
	}
	return w
}

// HeldContradiction returns a contradiction warning when the answers say
// this is the first SOC examination while the profile holds reports over a
// period (held lists their ids: a Type II, or a SOC 3), and nil otherwise.
func (rs *Ruleset) HeldContradiction(answers questionnaire.Answers, held []string) *Warning {
	if len(held) == 0 || answers[answerFirst] != "yes" {
		return nil
	}
	return &Warning{Code: WarnContradiction, Answers: []string{answerFirst},
		Text: fmt.Sprintf("You answered that this is your first SOC examination, but the profile lists the %s you hold over a period. Check the answer: a vendor that holds a Type II report is renewing it, and that report is planned on back-to-back periods, not as a first examination.",
			prose.JoinList(rs.names(held), "and"))}
}

// decision assembles the Decision from the rules that fired.
func (rs *Ruleset) decision(st *evalState, reports uint) (*Decision, error) {
	env, machine, firedRules := st.env, &st.vm, st.fired
	cat := rs.Catalog
	d := &Decision{Fired: make([]string, len(firedRules))}
	var criteria uint
	criteriaRules, notes, steps := 0, 0, 0
	for i := range firedRules {
		f := &firedRules[i]
		r := f.rule
		d.Fired[i] = r.ID
		if r.criteria != 0 {
			criteria |= r.criteria
			criteriaRules++
		}
		if r.Note || r.exclude != 0 {
			notes++
		}
		steps += len(r.NextSteps)
		for _, rank := range r.considerRanks {
			if st.consider[rank] == nil {
				st.consider[rank] = f
			}
		}
		for _, rank := range r.obligationRanks {
			if st.oblige[rank] == nil {
				st.oblige[rank] = f
			}
		}
	}
	defer clear(st.consider)
	defer clear(st.oblige)

	d.Reports = make([]Report, 0, bits.OnesCount(reports))
	for i, id := range soc.Reports {
		if reports&(1<<i) == 0 {
			continue
		}
		rep, err := rs.decideReport(i, st, criteria, criteriaRules)
		if err != nil {
			var re *RuleError
			if errors.As(err, &re) {
				return nil, err
			}
			return nil, &IncompleteError{Report: id, Fired: d.Fired, Err: err}
		}
		d.Reports = append(d.Reports, rep)
	}

	d.Notes = make([]Reason, 0, notes)
	d.NextSteps = make([]Reason, 0, steps)
	d.Warnings = []Warning{}
	for i := range firedRules {
		f := &firedRules[i]
		r := f.rule
		if r.Warning != nil {
			text, err := f.text(machine, env)
			if err != nil {
				return nil, err
			}
			d.Warnings = append(d.Warnings, Warning{Code: r.Warning.Code, Text: text, Answers: r.Warning.Answers, Rule: r.ID, Sources: r.Sources})
		}
		if r.Note || r.exclude != 0 {
			text, err := f.text(machine, env)
			if err != nil {
				return nil, err
			}
			d.Notes = append(d.Notes, Reason{Rule: r.ID, Text: text, Sources: r.Sources})
		}
		for _, t := range r.NextSteps {
			text, err := t.render(machine, env)
			if err != nil {
				return nil, ruleError(r, "next_steps", err)
			}
			d.NextSteps = append(d.NextSteps, Reason{Rule: r.ID, Text: text, Sources: r.Sources})
		}
	}

	// Obligations and also-consider items in catalog order, each with the
	// reason of the first rule that named it.
	var err error
	if d.Obligations, err = rs.named(st, st.oblige, cat.Obligations); err != nil {
		return nil, err
	}
	if d.AlsoConsider, err = rs.named(st, st.consider, cat.AlsoConsider); err != nil {
		return nil, err
	}

	d.Estimates = make([]Estimate, 0, 2*len(d.Reports))
	for _, rep := range d.Reports {
		if rep.Interim != nil {
			if e := cat.estimate(rep.Report, rep.Interim.Type); e != nil {
				d.Estimates = append(d.Estimates, *e)
			}
		}
		if e := cat.estimate(rep.Report, string(rep.Type)); e != nil {
			d.Estimates = append(d.Estimates, *e)
		}
	}
	d.Summary = rs.summary(d.Reports)
	return d, nil
}

// named lists the catalog entries that fired rules name, in catalog
// order, each with the reason of the first rule that named it (by rank
// in firstBy).
func (rs *Ruleset) named(st *evalState, firstBy []*fired, entries []Entry) ([]Consideration, error) {
	n := 0
	for _, f := range firstBy {
		if f != nil {
			n++
		}
	}
	out := make([]Consideration, 0, n)
	for rank, f := range firstBy {
		if f == nil {
			continue
		}
		text, err := f.text(&st.vm, st.env)
		if err != nil {
			return nil, err
		}
		out = append(out, Consideration{ID: entries[rank].ID, Text: text, Rule: f.rule.ID, Sources: f.rule.Sources})
	}
	return out, nil
}

// cited lists the sources a decision cites, each once, in order of first
// citation as the text and Markdown advice read: warnings, reports (the
// interim step, then the reasons), obligations, also-consider items,
// estimates, notes, next steps.
func (rs *Ruleset) cited(d *Decision) []Source {
	// The sources' positions, in order of first citation; then their
	// copies, at once.
	var order []int
	seen := make([]bool, len(rs.Sources.List))
	add := func(ids []string) {
		for _, id := range ids {
			if i, ok := rs.Sources.rank(id); ok && !seen[i] {
				seen[i] = true
				order = append(order, i)
			}
		}
	}
	for _, w := range d.Warnings {
		add(w.Sources)
	}
	for _, r := range d.Reports {
		if r.Interim != nil {
			add(r.Interim.Sources)
		}
		for _, why := range r.Reasons {
			add(why.Sources)
		}
	}
	for _, list := range [][]Consideration{d.Obligations, d.AlsoConsider} {
		for _, c := range list {
			add(c.Sources)
		}
	}
	for _, e := range d.Estimates {
		add(e.Sources)
	}
	for _, list := range [][]Reason{d.Notes, d.NextSteps} {
		for _, n := range list {
			add(n.Sources)
		}
	}
	out := make([]Source, len(order))
	for k, i := range order {
		out[k] = *rs.Sources.List[i]
	}
	return out
}

// IncompleteError is Evaluate's error when the rules fired but their
// outcomes do not make a decision (a recommended report that no rule gives
// a type, a tie the catalog does not settle, a required criterion missing):
// a fault of the ruleset, not of the answers.
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
// text could not be computed for the answers (int("abc"), an index out of
// range). Its message starts with the rule's FILE:LINE:COL, as a load
// error's does.
type RuleError struct {
	Rule *Rule
	// Part is the rule's key that failed: "when", "reason" or "next_steps".
	Part string
	// File and Pos are where the fault is: the condition for "when", the
	// rule for its texts. File is the rule file's name in the ruleset, as
	// in load errors; a caller that knows the ruleset's directory may put
	// it in front.
	File string
	Pos  strictyaml.Pos
	Err  error
}

func ruleError(r *Rule, part string, err error) *RuleError {
	e := &RuleError{Rule: r, Part: part, File: r.File, Pos: r.Pos, Err: err}
	if part == "when" && r.whenPos.Line > 0 {
		e.Pos = r.whenPos
	}
	return e
}

func (e *RuleError) Error() string {
	at := e.File
	if e.Pos.Line > 0 {
		at = fmt.Sprintf("%s:%d:%d", e.File, e.Pos.Line, e.Pos.Column)
	}
	return at + ": rule " + e.Rule.ID + ": " + e.Part + ": " + e.Message()
}

// Message is what went wrong, on one line: expr's message without the
// copy of the expression it draws under it.
func (e *RuleError) Message() string {
	var fe *file.Error
	if errors.As(e.Err, &fe) && fe.Message != "" {
		return prose.OneLine(fe.Message)
	}
	return prose.OneLine(e.Err.Error())
}

func (e *RuleError) Unwrap() error { return e.Err }

// decideReport decides the report soc.Reports[ri] from the fired rules;
// criteria are the criteria the fired rules name, as bits over
// soc.Criteria, and criteriaRules how many fired rules name any.
func (rs *Ruleset) decideReport(ri int, st *evalState, criteria uint, criteriaRules int) (Report, error) {
	id, bit := soc.Reports[ri], uint(1)<<ri
	env, machine, firedRules := st.env, &st.vm, st.fired
	rep := Report{Report: id}
	var typeRule, interimRule, tied *fired
	because := 0
	for i := range firedRules {
		f := &firedRules[i]
		r := f.rule
		if r.recommend&bit != 0 {
			because++
		}
		if t := r.types[ri]; t != "" {
			switch {
			case typeRule == nil || r.Priority > typeRule.rule.Priority:
				typeRule, tied = f, nil
			case r.Priority == typeRule.rule.Priority && t != typeRule.rule.types[ri]:
				if win, ok := rs.Catalog.PreferredType(typeRule.rule.types[ri], t); !ok {
					tied = f
				} else if win == t {
					typeRule = f
				}
			}
		}
		if r.interim&bit != 0 && (interimRule == nil || r.Priority > interimRule.rule.Priority) {
			interimRule = f
		}
	}
	if typeRule == nil && soc.HasType(id) {
		return rep, fmt.Errorf("the ruleset recommends %s but no rule sets its type", id)
	}
	if tied != nil {
		return rep, fmt.Errorf("rules %s (%s) and %s (%s) both set %s's type at priority %d, and the catalog has no type_preference to settle the tie",
			typeRule.rule.ID, typeRule.rule.types[ri], tied.rule.ID, tied.rule.types[ri], id, typeRule.rule.Priority)
	}
	hasCriteria := soc.HasCriteria(id)
	if hasCriteria {
		because += criteriaRules
	}
	rep.Reasons = make([]Reason, 0, because+1)
	reason := func(f *fired) error {
		text, err := f.text(machine, env)
		if err == nil {
			rep.Reasons = append(rep.Reasons, Reason{Rule: f.rule.ID, Text: text, Sources: f.rule.Sources})
		}
		return err
	}
	for i := range firedRules {
		if f := &firedRules[i]; f.rule.recommend&bit != 0 {
			if err := reason(f); err != nil {
				return rep, err
			}
		}
	}
	if typeRule != nil {
		rep.Type = TypeID(typeRule.rule.types[ri])
		if err := reason(typeRule); err != nil {
			return rep, err
		}
	}
	if interimRule != nil && rep.Type == soc.Type2 {
		text, err := interimRule.text(machine, env)
		if err != nil {
			return rep, err
		}
		rep.Interim = &Interim{Type: soc.Type1, Text: text, Rule: interimRule.rule.ID, Sources: interimRule.rule.Sources}
	}
	rep.Criteria = []string{}
	if hasCriteria {
		rep.Criteria = make([]string, 0, bits.OnesCount(criteria))
		for i, c := range soc.Criteria {
			if criteria&(1<<i) != 0 {
				rep.Criteria = append(rep.Criteria, c)
			}
		}
		for i := range firedRules {
			if f := &firedRules[i]; f.rule.criteria != 0 {
				if err := reason(f); err != nil {
					return rep, err
				}
			}
		}
		if missing := rs.Catalog.index.required[ri] &^ criteria; missing != 0 {
			c := soc.Criteria[bits.TrailingZeros(missing)]
			return rep, fmt.Errorf("the ruleset recommends %s without the %s criterion, which the catalog's required_criteria requires of every %s",
				id, c, rs.Catalog.Name(id))
		}
	}
	return rep, nil
}

// names are the display names of catalog ids.
func (rs *Ruleset) names(ids []string) []string { return mapIDs(ids, rs.Catalog.Name) }

// summary says the recommendation in words: "SOC 1 Type II and SOC 2 Type II".
func (rs *Ruleset) summary(reports []Report) string {
	if len(reports) == 0 {
		return "No SOC report is indicated"
	}
	parts := make([]string, len(reports))
	for i, r := range reports {
		parts[i] = rs.Catalog.Name(r.Report)
		if r.Type != "" {
			parts[i] += " " + rs.Catalog.Name(string(r.Type))
		}
		if r.Interim != nil {
			parts[i] += " (" + rs.Catalog.Name(r.Interim.Type) + " first)"
		}
	}
	return prose.JoinList(parts, "and")
}
