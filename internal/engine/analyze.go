package engine

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/socpick/socpick/internal/questionnaire"
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

// Analyze looks for what loading cannot see: questions no rule reads
// (found statically), and, by evaluating samples answer sets drawn from
// the questions' allowed values (seeded, so the result is the same run
// after run), rules that never fire, types set differently by rules of the
// same priority for the same answers, and answers the ruleset cannot
// evaluate. The answer space is too large to walk whole (a list of 15
// options alone has 32,767 answers), so a rule reported as never firing
// did not fire in any sample: it may be impossible, or very narrow.
func (rs *Ruleset) Analyze(samples int) []Finding {
	var out []Finding
	out = append(out, rs.unreadQuestions()...)

	rng := rand.New(rand.NewPCG(20261122, uint64(samples)))
	fired := map[string]bool{}
	byID := map[string]*Rule{}
	for _, r := range rs.Rules {
		byID[r.ID] = r
	}
	seenTie, seenErr := map[string]bool{}, map[string]bool{}
	for range samples {
		answers := rs.sampleAnswers(rng)
		d, err := rs.Evaluate(answers)
		if err != nil {
			var inc *IncompleteError
			if errors.As(err, &inc) {
				for _, id := range inc.Fired {
					fired[id] = true
				}
			}
			if msg := err.Error(); !seenErr[msg] {
				seenErr[msg] = true
				out = append(out, Finding{File: questionnaire.FileName, Error: true,
					Msg: fmt.Sprintf("these answers cannot be evaluated: %s (answers: %s)", msg, describeAnswers(rs.Questions, answers, nil))})
			}
			continue
		}
		for _, id := range d.Fired {
			fired[id] = true
		}
		for _, rep := range d.Reports {
			if f, key := rs.typeTie(rep.Report, d.Fired, byID, answers); key != "" && !seenTie[key] {
				seenTie[key] = true
				out = append(out, f)
			}
		}
	}
	for _, r := range rs.Rules {
		if !fired[r.ID] {
			out = append(out, Finding{File: r.File, Pos: r.Pos,
				Msg: fmt.Sprintf("rule %s did not fire for any of %d sampled answer sets: its condition may never be true (when: %s)", r.ID, samples, oneLine(r.When))})
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Pos.Line - b.Pos.Line
	})
	return out
}

// unreadQuestions are the questions whose answers neither a rule's
// condition nor another question's ask_if reads.
func (rs *Ruleset) unreadQuestions() []Finding {
	read := map[string]bool{}
	for _, r := range rs.Rules {
		for _, k := range r.Reads {
			read[k] = true
		}
	}
	for _, q := range rs.Questions.Questions {
		for _, k := range q.AskIfReads() {
			read[k] = true
		}
	}
	var out []Finding
	for _, q := range rs.Questions.Questions {
		if !read[q.Key] {
			out = append(out, Finding{File: questionnaire.FileName, Pos: q.Pos,
				Msg: fmt.Sprintf("question %s is read by no rule's condition: its answer changes no advice", q.Key)})
		}
	}
	return out
}

// typeTie finds fired rules that set a report's type differently at the
// same, highest priority: the engine settles it (Type II wins), but the
// rule author may not know the tie exists. The key names the tie once.
func (rs *Ruleset) typeTie(report string, firedIDs []string, byID map[string]*Rule, answers questionnaire.Answers) (Finding, string) {
	top, found := 0, false
	var setters []*Rule
	for _, id := range firedIDs {
		r := byID[id]
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
		if r.Type[report] == "type1" && t1 == nil {
			t1 = r
		}
		if r.Type[report] == "type2" && t2 == nil {
			t2 = r
		}
	}
	if t1 == nil || t2 == nil {
		return Finding{}, ""
	}
	reads := slices.Concat(t1.Reads, t2.Reads)
	return Finding{File: t1.File, Pos: t1.Pos, Msg: fmt.Sprintf(
			"rules %s (type1) and %s (type2) both set %s's type at priority %d for the same answers (e.g. %s); Type II wins the tie: give one a higher priority if that is not what you mean",
			t1.ID, t2.ID, report, top, describeAnswers(rs.Questions, answers, reads))},
		report + "|" + t1.ID + "|" + t2.ID
}

// sampleAnswers draws one answer to every question from its allowed values.
func (rs *Ruleset) sampleAnswers(rng *rand.Rand) questionnaire.Answers {
	a := questionnaire.Answers{}
	for _, q := range rs.Questions.Questions {
		switch q.Kind {
		case questionnaire.KindInteger:
			// Half the time an end of the range or near it, where
			// conditions draw their lines.
			lo, hi := *q.Min, *q.Max
			v := lo + rng.IntN(hi-lo+1)
			if rng.IntN(2) == 0 {
				v = min(hi, lo+rng.IntN(min(hi-lo+1, 25)))
			}
			a[q.Key] = v
		case questionnaire.KindList:
			var exclusive, others []string
			for _, o := range q.Options {
				if o.Exclusive {
					exclusive = append(exclusive, o.Value)
				} else {
					others = append(others, o.Value)
				}
			}
			if len(exclusive) > 0 && rng.IntN(6) == 0 || len(others) == 0 {
				a[q.Key] = []string{exclusive[rng.IntN(len(exclusive))]}
				continue
			}
			// Small lists mostly: one or two options, sometimes many.
			p := []float64{0.05, 0.15, 0.5}[rng.IntN(3)]
			var pick []string
			for _, v := range others {
				if rng.Float64() < p {
					pick = append(pick, v)
				}
			}
			if len(pick) == 0 {
				pick = []string{others[rng.IntN(len(others))]}
			}
			a[q.Key] = pick
		default:
			a[q.Key] = q.Options[rng.IntN(len(q.Options))].Value
		}
	}
	pruned, _ := rs.Questions.Prune(a)
	return pruned
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

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
