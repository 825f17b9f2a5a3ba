package engine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/internal/strictyaml"
)

// Finding is something the analysis of a ruleset found, at the position
// of the rule or question it is about.
type Finding struct {
	File string
	Pos  strictyaml.Pos
	// Error is true for answers the ruleset cannot evaluate; otherwise the
	// finding is a warning.
	Error bool
	Msg   string
}

func (f Finding) String() string {
	level := "warning"
	if f.Error {
		level = "error"
	}
	at := f.File
	if f.Pos.Line > 0 {
		at = fmt.Sprintf("%s:%d:%d", f.File, f.Pos.Line, f.Pos.Column)
	}
	return at + ": " + level + ": " + f.Msg
}

// Limits of the search for answers that fire a rule.
const (
	// maxCombinations is the most combinations of the answers one rule
	// reads that are walked for it, each on a few backgrounds.
	maxCombinations = 10000
	backgrounds     = 3
	// wholeRange is the widest integer range walked value by value.
	wholeRange = 256
	// wholeList is the most options of a list question whose every
	// subset is walked.
	wholeList = 10
)

// Analysis is what Analyze found, and how far it got.
type Analysis struct {
	// Findings are in file and line order.
	Findings []Finding
	// Sampled is how many answer sets were sampled: the samples asked for,
	// or fewer when the context ended first.
	Sampled int
	// Cut is true when the context ended before the analysis did.
	// Unwalked then lists the rules that fired in no sample and were not
	// walked to the end: no finding says whether they can fire.
	Cut      bool
	Unwalked []string
}

// Analyze looks for what loading cannot see:
//   - questions whose answer no rule's condition reads (statically);
//   - by evaluating samples answer sets drawn from the questions' allowed
//     values, favouring the values conditions compare with: answers the
//     ruleset cannot evaluate, and rules of the same priority that set a
//     report's type differently for the same answers;
//   - rules that fire in no sample. For each, every combination of the
//     answers it reads is walked where that is affordable; when the walk
//     covers them all and still nothing fires, the rule can never fire.
//     Otherwise it fired in no sample and no combination tried: it may
//     be impossible, or very narrow.
//
// A condition with a comment after it on its line is reported too: an
// unquoted " #" ends the condition there.
//
// A rule that cannot be evaluated (a runtime error, expr's memory budget
// spent) is reported once, at its position, and left out of the rest of
// the search, which goes on with the other rules. The search stops when
// ctx ends (a deadline: a slow ruleset is not walked for ever) and says
// what it did not finish.
//
// The search is seeded, so a ruleset gets the same findings run after run
// (when it finishes).
func (rs *Ruleset) Analyze(ctx context.Context, samples int) *Analysis {
	a := &analysis{rs: rs, ctx: ctx, rng: rand.New(rand.NewPCG(20261122, 5)), fired: map[string]bool{}, seen: map[string]bool{}, broken: map[*Rule]bool{}}
	a.candidates = rs.integerCandidates()
	a.unreadQuestions()
	a.citations()
	a.trailingComments()
	res := &Analysis{}
	for range samples {
		if ctx.Err() != nil {
			break
		}
		a.try(rs.Questions.Sample(a.rng, a.candidates), true)
		res.Sampled++
	}
	for _, r := range rs.Rules {
		if !a.fired[r.ID] && !a.broken[r] {
			a.neverFired(r, res.Sampled)
		}
	}
	slices.SortStableFunc(a.out, func(x, y Finding) int {
		if c := strings.Compare(x.File, y.File); c != 0 {
			return c
		}
		return x.Pos.Line - y.Pos.Line
	})
	res.Findings, res.Unwalked = a.out, a.unwalked
	res.Cut = ctx.Err() != nil
	return res
}

// analysisSituation is the day the analysis evaluates for, so that the
// plan's variables have values: a fixed day, for repeatable findings.
var analysisSituation = Situation{AsOf: calendar.Date(2026, time.January, 15)}

type analysis struct {
	rs         *Ruleset
	ctx        context.Context
	rng        *rand.Rand
	candidates map[string][]int
	fired      map[string]bool
	// broken are the rules that could not be evaluated: reported, then
	// left out of every evaluation.
	broken map[*Rule]bool
	// unwalked are the rules that fired in no sample and were not walked
	// to the end before ctx ended.
	unwalked []string
	// seen names each finding once.
	seen map[string]bool
	out  []Finding
}

func (a *analysis) add(key string, f Finding) {
	if !a.seen[key] {
		a.seen[key] = true
		a.out = append(a.out, f)
	}
}

// try evaluates one answer set, records the rules that fired and, when
// report is true, what is wrong with the outcome. It returns the fired
// rules. A rule that cannot be evaluated is reported whatever report says,
// and the answers are evaluated again without it.
func (a *analysis) try(answers questionnaire.Answers, report bool) []string {
	rs := a.rs
	d, err := rs.evaluate(answers, analysisSituation, a.broken)
	for re := (*RuleError)(nil); errors.As(err, &re) && !a.broken[re.Rule]; {
		a.broken[re.Rule] = true
		which := "for some answers (e.g. " + describeAnswers(rs.Questions, answers, re.Rule.Reads) + ")"
		if len(re.Rule.Reads) == 0 {
			which = "(it reads no answer)"
		}
		a.add("broken|"+re.Rule.ID, Finding{File: re.File, Pos: re.Pos, Error: true, Msg: fmt.Sprintf(
			"rule %s cannot be evaluated %s: %s: %s; the rest of the analysis leaves it out",
			re.Rule.ID, which, re.Part, re.Message())})
		d, err = rs.evaluate(answers, analysisSituation, a.broken)
	}
	if err != nil {
		var inc *IncompleteError
		var fired []string
		f := Finding{File: questionnaire.FileName, Error: true}
		switch {
		case errors.As(err, &inc):
			fired = inc.Fired
			// The rule that recommended the report is where to look.
			for _, id := range inc.Fired {
				if r := rs.Rule(id); slices.Contains(r.Recommend, inc.Report) {
					f.File, f.Pos = r.File, r.Pos
					break
				}
			}
			f.Msg = fmt.Sprintf("%s for some answers (e.g. %s)", prose.OneLine(inc.Err.Error()), describeAnswers(rs.Questions, answers, nil))
			if left := a.brokenIDs(); left != "" {
				f.Msg += " (left out, as they cannot be evaluated: " + left + ")"
			}
		default:
			f.Msg = fmt.Sprintf("these answers cannot be evaluated: %s (%s)", prose.OneLine(err.Error()), describeAnswers(rs.Questions, answers, nil))
		}
		for _, id := range fired {
			a.fired[id] = true
		}
		if report {
			a.add(f.File+"|"+strconv.Itoa(f.Pos.Line)+"|"+strings.SplitN(f.Msg, " (e.g.", 2)[0], f)
		}
		return fired
	}
	for _, id := range d.Fired {
		a.fired[id] = true
	}
	if report {
		for _, rep := range d.Reports {
			a.typeTie(rep.Report, d.Fired, answers)
		}
	}
	return d.Fired
}

// brokenIDs names the rules left out of the evaluations, or "".
func (a *analysis) brokenIDs() string {
	var ids []string
	for _, r := range a.rs.Rules {
		if a.broken[r] {
			ids = append(ids, r.ID)
		}
	}
	return strings.Join(ids, ", ")
}

// unreadQuestions are the questions whose answers neither a rule's
// condition nor another question's ask_if reads.
func (a *analysis) unreadQuestions() {
	read := map[string]bool{}
	for _, r := range a.rs.Rules {
		for _, k := range r.Reads {
			read[k] = true
		}
	}
	for _, q := range a.rs.Questions.Questions {
		for _, k := range q.AskIfReads() {
			read[k] = true
		}
	}
	for _, q := range a.rs.Questions.Questions {
		if !read[q.Key] {
			a.add("unread|"+q.Key, Finding{File: questionnaire.FileName, Pos: q.Pos,
				Msg: fmt.Sprintf("question %s is read by no rule's condition and no question's ask_if: its answer changes no advice", q.Key)})
		}
	}
}

// citations finds rules that cite no source, whose reasons a reader
// cannot check, and sources that nothing cites.
func (a *analysis) citations() {
	cited := map[string]bool{}
	for _, r := range a.rs.Rules {
		for _, id := range r.Sources {
			cited[id] = true
		}
		if len(r.Sources) == 0 {
			a.add("uncited|"+r.ID, Finding{File: r.File, Pos: r.Pos,
				Msg: fmt.Sprintf("rule %s cites no source: add sources (ids of %s) so a reader can check what it says", r.ID, SourcesFile)})
		}
	}
	for _, e := range a.rs.Catalog.Estimates {
		for _, id := range e.Sources {
			cited[id] = true
		}
	}
	for _, src := range a.rs.Sources.List {
		if !cited[src.ID] {
			a.add("unused|"+src.ID, Finding{File: SourcesFile, Pos: src.Pos,
				Msg: fmt.Sprintf("source %s is cited by no rule and no estimate", src.ID)})
		}
	}
}

// trailingComments finds unquoted conditions followed by a comment: YAML
// ends a plain value at " #", so `when: a == "yes" # && b == "no"` is the
// condition a == "yes" alone.
func (a *analysis) trailingComments() {
	for _, r := range a.rs.Rules {
		if r.whenComment != "" {
			a.add("comment|"+r.ID, Finding{File: r.File, Pos: r.whenPos, Msg: fmt.Sprintf(
				"rule %s: the condition is followed by a comment (%s): if that is part of the condition, quote the condition; YAML ends an unquoted value at \" #\"",
				r.ID, strings.TrimSpace(r.whenComment))})
		}
	}
}

// typeTie finds fired rules that set a report's type differently at the
// same, highest priority: the catalog's type_preference settles it, but
// the rule author may not know the tie exists.
func (a *analysis) typeTie(report string, firedIDs []string, answers questionnaire.Answers) {
	top, found := 0, false
	var setters []*Rule
	for _, id := range firedIDs {
		r := a.rs.Rule(id)
		if _, ok := r.Type[report]; !ok {
			continue
		}
		switch {
		case !found || r.Priority > top:
			top, found, setters = r.Priority, true, []*Rule{r}
		case r.Priority == top:
			setters = append(setters, r)
		}
	}
	var t1, t2 *Rule
	for _, r := range setters {
		if r.Type[report] == soc.Type1 && t1 == nil {
			t1 = r
		}
		if r.Type[report] == soc.Type2 && t2 == nil {
			t2 = r
		}
	}
	if t1 == nil || t2 == nil {
		return
	}
	reads := slices.Concat(t1.Reads, t2.Reads)
	settled := "nothing settles the tie (catalog.yaml has no type_preference)"
	if winner, ok := a.rs.Catalog.PreferredType(soc.Type1, soc.Type2); ok {
		settled = a.rs.Catalog.Name(winner) + " wins the tie (the catalog's type_preference)"
	}
	a.add("tie|"+report+"|"+t1.ID+"|"+t2.ID, Finding{File: t1.File, Pos: t1.Pos, Msg: fmt.Sprintf(
		"rules %s (type1) and %s (type2) both set %s's type at priority %d for the same answers (e.g. %s); %s: give one a higher priority if that is not what you mean",
		t1.ID, t2.ID, report, top, describeAnswers(a.rs.Questions, answers, reads), settled)})
}

// neverFired walks the answers a rule reads, where affordable, before
// saying it never fires.
func (a *analysis) neverFired(r *Rule, samples int) {
	rs := a.rs
	keys := rs.readsClosure(r)
	var domains [][]any
	whole := !slices.ContainsFunc(r.Reads, func(k string) bool { return rs.Questions.Lookup(k) == nil })
	total := 1
	for _, k := range keys {
		dom, complete := rs.domain(rs.Questions.Lookup(k), a.candidates[k])
		whole = whole && complete
		domains = append(domains, dom)
		if total > maxCombinations/len(dom) {
			total = maxCombinations + 1
			break
		}
		total *= len(dom)
	}
	walked := 0
	if total <= maxCombinations {
		bases := make([]questionnaire.Answers, backgrounds)
		for i := range bases {
			bases[i] = rs.Questions.Sample(a.rng, a.candidates)
		}
		idx := make([]int, len(keys))
		for {
			for _, base := range bases {
				if a.ctx.Err() != nil {
					a.unwalked = append(a.unwalked, r.ID)
					return
				}
				ans := base.Clone()
				for i, k := range keys {
					ans[k] = domains[i][idx[i]]
				}
				ans, _ = rs.Questions.Prune(ans)
				if slices.Contains(a.try(ans, false), r.ID) || a.broken[r] {
					return
				}
			}
			walked++
			// The next combination, as an odometer.
			i := 0
			for ; i < len(idx); i++ {
				if idx[i]++; idx[i] < len(domains[i]) {
					break
				}
				idx[i] = 0
			}
			if i == len(idx) {
				break
			}
		}
	}
	when := prose.OneLine(r.When)
	if walked > 0 && whole {
		a.add("never|"+r.ID, Finding{File: r.File, Pos: r.Pos, Msg: fmt.Sprintf(
			"rule %s can never fire: no answers to the questions it reads (%s) make its condition true (when: %s)", r.ID, strings.Join(keys, ", "), when)})
		return
	}
	if a.ctx.Err() != nil {
		// Cut short: what was tried says little; say so, not that it
		// did not fire.
		a.unwalked = append(a.unwalked, r.ID)
		return
	}
	tried := fmt.Sprintf("any of %d sampled answer sets", samples)
	if walked > 0 {
		tried += fmt.Sprintf(" or %d combinations of the answers it reads", walked)
	}
	a.add("never|"+r.ID, Finding{File: r.File, Pos: r.Pos, Msg: fmt.Sprintf(
		"rule %s did not fire for %s: its condition may never be true, or is narrow enough that a test case should show it can fire (when: %s)",
		r.ID, tried, when)})
}

// readsClosure is the answer keys a rule reads, and those their ask_if
// reads, which decide whether they are asked at all; in question order.
func (rs *Ruleset) readsClosure(r *Rule) []string {
	need := map[string]bool{}
	var visit func(k string)
	visit = func(k string) {
		q := rs.Questions.Lookup(k)
		if q == nil || need[k] {
			return
		}
		need[k] = true
		for _, d := range q.AskIfReads() {
			visit(d)
		}
	}
	for _, k := range r.Reads {
		visit(k)
	}
	var keys []string
	for _, q := range rs.Questions.Questions {
		if need[q.Key] {
			keys = append(keys, q.Key)
		}
	}
	return keys
}

// domain is the values of a question walked for a rule, and whether they
// are all the values the question allows.
func (rs *Ruleset) domain(q *questionnaire.Question, candidates []int) ([]any, bool) {
	var out []any
	switch q.Kind {
	case questionnaire.KindInteger:
		lo, hi := *q.Min, *q.Max
		if uint64(hi)-uint64(lo) < wholeRange {
			for v := lo; ; v++ {
				out = append(out, v)
				if v == hi {
					break
				}
			}
			return out, true
		}
		for _, v := range candidates {
			out = append(out, v)
		}
		return out, false
	case questionnaire.KindList:
		exclusive, others := q.SplitOptions()
		for _, v := range exclusive {
			out = append(out, []string{v})
		}
		if len(others) <= wholeList {
			for mask := 1; mask < 1<<len(others); mask++ {
				var pick []string
				for i, v := range others {
					if mask&(1<<i) != 0 {
						pick = append(pick, v)
					}
				}
				out = append(out, pick)
			}
			return out, true
		}
		// Too many subsets: each option alone, and every pair.
		for i, v := range others {
			out = append(out, []string{v})
			for _, w := range others[i+1:] {
				out = append(out, []string{v, w})
			}
		}
		return out, false
	}
	for _, o := range q.Options {
		out = append(out, o.Value)
	}
	return out, true
}

var integerLiteral = regexp.MustCompile(`\b\d+\b`)

// integerCandidates are, for each integer question, the values where
// conditions draw their lines: both ends of the range and every number a
// condition or ask_if names, with its neighbours, within the range.
func (rs *Ruleset) integerCandidates() map[string][]int {
	var consts []int
	texts := []string{}
	for _, r := range rs.Rules {
		texts = append(texts, r.When)
	}
	for _, q := range rs.Questions.Questions {
		texts = append(texts, q.AskIf)
	}
	for _, t := range texts {
		for _, m := range integerLiteral.FindAllString(t, -1) {
			if v, err := strconv.Atoi(m); err == nil {
				consts = append(consts, v)
			}
		}
	}
	out := map[string][]int{}
	for _, q := range rs.Questions.Questions {
		if q.Kind != questionnaire.KindInteger {
			continue
		}
		lo, hi := *q.Min, *q.Max
		vals := []int{lo, hi}
		for _, c := range consts {
			for _, v := range []int{c - 1, c, c + 1} {
				if v >= lo && v <= hi && c > math.MinInt && c < math.MaxInt {
					vals = append(vals, v)
				}
			}
		}
		slices.Sort(vals)
		out[q.Key] = slices.Compact(vals)
	}
	return out
}

// describeAnswers writes the answers to keys (all when keys is nil) as
// key=value pairs, in question order.
func describeAnswers(qs *questionnaire.Questionnaire, a questionnaire.Answers, keys []string) string {
	var parts []string
	for _, q := range qs.Questions {
		v, ok := a[q.Key]
		if !ok || keys != nil && !slices.Contains(keys, q.Key) {
			continue
		}
		switch x := v.(type) {
		case []string:
			parts = append(parts, fmt.Sprintf("%s=[%s]", q.Key, strings.Join(x, ",")))
		default:
			parts = append(parts, fmt.Sprintf("%s=%v", q.Key, x))
		}
	}
	return strings.Join(parts, " ")
}

// whenComment is the comment YAML found after an unquoted condition on
// its line, or "".
func whenComment(n *yaml.Node) string {
	if n.Style == 0 && n.LineComment != "" {
		return n.LineComment
	}
	return ""
}
