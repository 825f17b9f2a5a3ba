package questionnaire

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/socpick/socpick/internal/prose"

	"github.com/expr-lang/expr/vm"
)

// Answers maps answer keys to normalised values: a string for a choice,
// []string for a list (in the options' order), int for an integer. A key
// that is absent is not answered.
type Answers map[string]any

// Clone returns a copy of a that can be changed without touching a.
func (a Answers) Clone() Answers {
	out := make(Answers, len(a))
	for k, v := range a {
		out[k] = v
	}
	return out
}

func zeroValue(kind string) any {
	switch kind {
	case KindList:
		return emptyList
	case KindInteger:
		return 0
	}
	return ""
}

// emptyList is the unanswered list, boxed once: evaluation fills an
// environment for every answer set, and expressions never change a value.
var emptyList any = []string{}

// machines reuses expression machines across ask_if evaluations, which
// run for every answer set evaluated.
var machines = sync.Pool{New: func() any { return new(vm.VM) }}

// envTypes is the environment expressions are type-checked against.
func (qs *Questionnaire) envTypes(withReports bool) map[string]any {
	env := make(map[string]any, len(qs.Questions)+1)
	for _, q := range qs.Questions {
		env[q.Key] = zeroValue(q.Kind)
	}
	if withReports {
		env[ReportsVar] = []string{}
		for _, name := range PlanVars {
			env[name] = 0
		}
	}
	return env
}

// Env is the environment expressions run against: every answer key, with
// the zero value of its kind ("", [], 0) where it is not answered.
func (qs *Questionnaire) Env(a Answers) map[string]any {
	env := make(map[string]any, len(qs.Questions)+1)
	qs.FillEnv(env, a)
	return env
}

// FillEnv sets env to the environment of a, as Env does, reusing env's
// storage, and then clears the answers of questions that are not asked
// (see Prune), so that expressions never read them.
func (qs *Questionnaire) FillEnv(env map[string]any, a Answers) {
	clear(env)
	conditional := false
	for _, q := range qs.Questions {
		v, ok := a[q.Key]
		if !ok {
			v = zeroValue(q.Kind)
		}
		env[q.Key] = v
		conditional = conditional || ok && q.askIf != nil
	}
	if !conditional {
		return
	}
	for _, q := range qs.Questions {
		if q.askIf == nil {
			continue
		}
		if _, ok := a[q.Key]; ok && !asked(q, env) {
			env[q.Key] = zeroValue(q.Kind)
		}
	}
}

// Asked reports whether q is asked given the answers: its ask_if holds.
func (qs *Questionnaire) Asked(q *Question, a Answers) bool {
	if q.askIf == nil {
		return true
	}
	return asked(q, qs.Env(a))
}

func asked(q *Question, env map[string]any) bool {
	if q.askIf == nil {
		return true
	}
	machine := machines.Get().(*vm.VM)
	out, err := machine.Run(q.askIf, env)
	machines.Put(machine)
	// A compiled boolean over typed answers cannot fail at run time; if it
	// ever does, asking is the safe side.
	return err != nil || out == true
}

// Prune removes answers to questions that are not asked for the other
// answers (data_types when customer_data is no) and returns the keys it
// removed, so that evaluation never reads an answer the user was not asked.
// The answers given are returned as they are when nothing is removed.
func (qs *Questionnaire) Prune(a Answers) (Answers, []string) {
	var env map[string]any
	var dropped []string
	for _, q := range qs.Questions {
		if _, ok := a[q.Key]; !ok || q.askIf == nil {
			continue
		}
		if env == nil {
			env = qs.Env(a)
		}
		if !asked(q, env) {
			env[q.Key] = zeroValue(q.Kind)
			dropped = append(dropped, q.Key)
		}
	}
	if len(dropped) == 0 {
		return a, nil
	}
	out := a.Clone()
	for _, k := range dropped {
		delete(out, k)
	}
	return out, dropped
}

// MissingError lists questions that must be answered but were not, and
// could not be asked.
type MissingError struct {
	Questions []*Question
	// Answers are the answers given, to say when a question depends on
	// another that is missing too.
	Answers Answers
}

func (e *MissingError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s not answered; answer them with flags or in a profile:", prose.Plural(len(e.Questions), "question"))
	for _, q := range e.Questions {
		fmt.Fprintf(&b, "\n  --%s %s\n      %s", q.Flag(), q.Placeholder(), q.Prompt)
		if q.AskIf != "" {
			fmt.Fprintf(&b, " (asked when %s)", q.When())
		}
	}
	return b.String()
}

// Placeholder shows the shape of q's flag value: <yes|no>, <0-120>.
func (q *Question) Placeholder() string {
	switch q.Kind {
	case KindInteger:
		return fmt.Sprintf("<%d-%d>", *q.Min, *q.Max)
	case KindList:
		return "<" + strings.Join(q.Values(), ",") + ">"
	}
	return "<" + strings.Join(q.Values(), "|") + ">"
}

// Assume fills in the assumed answer (Question.Assumed) of every question
// that is asked for the answers but not answered, and returns the answers
// with them and the questions assumed, in questionnaire order. The answers
// given are returned as they are when nothing is assumed.
func (qs *Questionnaire) Assume(a Answers) (Answers, []*Question) {
	var assumed []*Question
	out := a
	for _, q := range qs.Questions {
		if q.Assumed == nil {
			continue
		}
		if _, ok := out[q.Key]; ok || !qs.Asked(q, out) {
			continue
		}
		if assumed == nil {
			out = a.Clone()
		}
		out[q.Key] = q.Assumed
		assumed = append(assumed, q)
	}
	return out, assumed
}

// Missing returns the questions still to be answered, including those
// whose ask_if depends on a question that is itself missing; nil when
// every asked question is answered. A question with an assumed answer is
// never missing.
func (qs *Questionnaire) Missing(a Answers) []*Question {
	var out []*Question
	for _, q := range qs.Questions {
		if _, ok := a[q.Key]; ok || q.Assumed != nil {
			continue
		}
		dependsOnMissing := slices.ContainsFunc(out, func(m *Question) bool { return slices.Contains(q.askIfReads, m.Key) })
		if dependsOnMissing || qs.Asked(q, a) {
			out = append(out, q)
		}
	}
	return out
}
