package prompt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/socpick/socpick/internal/questionnaire"
)

// Asker walks a questionnaire through a Prompter: the questions in the
// file's order, skipping those whose ask_if is false and those already
// answered (unless AskAll, which asks them too with the given answers as
// defaults).
type Asker struct {
	Prompter Prompter
	// Out receives the short introduction.
	Out    io.Writer
	AskAll bool
}

// Ask asks what is still to be asked and returns the completed answers; the
// answers given are not changed. It returns ErrInterrupted when the user
// cancels.
func (a *Asker) Ask(ctx context.Context, qs *questionnaire.Questionnaire, given questionnaire.Answers) (questionnaire.Answers, error) {
	answers := given.Clone()
	total := a.count(qs, answers, 0)
	if total == 0 {
		return answers, nil
	}
	if a.Out != nil {
		fmt.Fprintf(a.Out, "socpick recommends the SOC reports your service needs. %d questions;\ntype ? for help on one, Ctrl-C to quit.\n\n", total)
	}
	n := 0
	for i, q := range qs.Questions {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !a.toAsk(qs, q, answers) {
			continue
		}
		n++
		// Earlier answers can bring more questions (data_types once
		// customer_data is yes): the count follows them.
		total = max(total, n+a.count(qs, answers, i+1))
		v, err := a.askOne(q, fmt.Sprintf("(%d/%d) %s", n, total, q.Prompt), answers[q.Key])
		if err != nil {
			return nil, err
		}
		answers[q.Key] = v
	}
	return answers, nil
}

// toAsk reports whether q is to be asked now: its ask_if holds for the
// answers so far, and it is unanswered or AskAll is set.
func (a *Asker) toAsk(qs *questionnaire.Questionnaire, q *questionnaire.Question, answers questionnaire.Answers) bool {
	if !qs.Asked(q, answers) {
		return false
	}
	_, answered := answers[q.Key]
	return !answered || a.AskAll
}

// count is how many questions from index from on are to be asked, as far as
// the answers so far tell.
func (a *Asker) count(qs *questionnaire.Questionnaire, answers questionnaire.Answers, from int) int {
	n := 0
	for _, q := range qs.Questions[from:] {
		if a.toAsk(qs, q, answers) {
			n++
		}
	}
	return n
}

func options(q *questionnaire.Question) []Option {
	opts := make([]Option, len(q.Options))
	for i, o := range q.Options {
		opts[i] = Option{Value: o.Value, Label: o.Label, Description: o.Description}
	}
	return opts
}

// askOne asks q with the kind of prompt its kind calls for; current is the
// answer given already, offered as the default.
func (a *Asker) askOne(q *questionnaire.Question, message string, current any) (any, error) {
	def := current
	if def == nil {
		def = q.Default
	}
	switch q.Kind {
	case questionnaire.KindChoice:
		s, _ := def.(string)
		v, err := a.Prompter.Select(Select{Message: message, Help: q.Help, Options: options(q), Default: s})
		if err != nil {
			return nil, err
		}
		return q.Check(v)
	case questionnaire.KindList:
		list, _ := def.([]string)
		v, err := a.Prompter.MultiSelect(MultiSelect{
			Message: message, Help: q.Help, Options: options(q), Default: slices.Clone(list),
			Validate: func(values []string) error {
				if len(values) == 0 {
					return errors.New("choose at least one: space selects, enter accepts")
				}
				_, err := q.Check(values)
				return err
			},
		})
		if err != nil {
			return nil, err
		}
		return q.Check(v)
	default:
		s := ""
		if n, ok := def.(int); ok {
			s = strconv.Itoa(n)
		}
		v, err := a.Prompter.Input(Input{
			Message: message, Help: q.Help, Default: s,
			Validate: func(text string) error { _, err := q.ParseFlag(text); return err },
		})
		if err != nil {
			return nil, err
		}
		return q.ParseFlag(v)
	}
}
