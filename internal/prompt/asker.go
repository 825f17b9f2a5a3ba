package prompt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/questionnaire"
)

// Asker walks a questionnaire through a Prompter: the questions in the
// file's order, skipping those whose ask_if is false and those already
// answered (unless AskAll, which asks them too with the given answers as
// defaults); then, with Review, the answers on one screen, where any can be
// changed before they are used.
type Asker struct {
	Prompter Prompter
	// Out receives the short introduction and the review screen: the
	// terminal the questions are asked on.
	Out    io.Writer
	AskAll bool
	// Review shows the answers after the last question and offers to
	// change one, until the person confirms.
	Review bool
	// Width is the terminal's width in columns, for the review screen; 0
	// is 80.
	Width int
}

// Ask asks what is still to be asked and returns the completed answers; the
// answers given are not changed. It returns ErrInterrupted when the user
// cancels.
func (a *Asker) Ask(ctx context.Context, qs *questionnaire.Questionnaire, given questionnaire.Answers) (questionnaire.Answers, error) {
	answers := given.Clone()
	total := a.remaining(qs, answers, 0, a.AskAll)
	if total == 0 {
		return answers, nil
	}
	if a.Out != nil {
		intro := fmt.Sprintf("socpick recommends the SOC reports your service needs. %s to answer, more or fewer as your answers call for; type ? for help on one, Ctrl-C to quit.", prose.Plural(total, "question"))
		fmt.Fprint(a.Out, prose.Wrap(intro, a.width(), "", ""), "\n")
	}
	if err := a.walk(ctx, qs, answers, a.AskAll, nil); err != nil {
		return nil, err
	}
	if !a.Review {
		return answers, nil
	}
	return a.review(ctx, qs, answers)
}

// walk asks, in order, the questions to be asked for answers (all that
// apply, when all), filling answers in. The count "(n/N)" is recomputed
// at each question, as an answer brings follow-up questions or takes them
// away.
func (a *Asker) walk(ctx context.Context, qs *questionnaire.Questionnaire, answers questionnaire.Answers, all bool, remembered questionnaire.Answers) error {
	n := 0
	for i, q := range qs.Questions {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !qs.Asked(q, answers) {
			continue
		}
		if _, answered := answers[q.Key]; answered && !all {
			continue
		}
		n++
		total := n + a.remaining(qs, answers, i+1, all)
		current, ok := answers[q.Key]
		if !ok {
			current = remembered[q.Key] // answered before a change took it away
		}
		v, err := a.askOne(q, fmt.Sprintf("(%d/%d) %s", n, total, q.Prompt), current)
		if err != nil {
			return err
		}
		answers[q.Key] = v
	}
	return nil
}

// remaining is how many questions from index from on walk would ask, as far
// as the answers so far tell.
func (a *Asker) remaining(qs *questionnaire.Questionnaire, answers questionnaire.Answers, from int, all bool) int {
	n := 0
	for _, q := range qs.Questions[from:] {
		if _, answered := answers[q.Key]; qs.Asked(q, answers) && (all || !answered) {
			n++
		}
	}
	return n
}

// Review choices.
const (
	reviewDone   = "done"
	reviewChange = "change"
	reviewBack   = "" // no answer key is empty
)

// review shows the answers and lets the person change any of them: the
// question is asked again with its answer as the default, the follow-up
// questions it brings are asked, and the answers of those it takes away
// are dropped; until the person takes the answers as they are.
func (a *Asker) review(ctx context.Context, qs *questionnaire.Questionnaire, answers questionnaire.Answers) (questionnaire.Answers, error) {
	// remembered keeps the answers a change took away, offered as the
	// defaults if a change brings their questions back.
	remembered := questionnaire.Answers{}
	prune := func() {
		kept, dropped := qs.Prune(answers)
		for _, key := range dropped {
			remembered[key] = answers[key]
		}
		answers = kept
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		prune()
		applying := a.applying(qs, answers)
		if a.Out != nil {
			a.printAnswers(applying, answers)
		}
		next, err := a.Prompter.Select(Select{
			Message: "Are these answers right?",
			Help:    "Choose \"Change an answer\" to pick a question and answer it again; the questions that depend on it follow.",
			Options: []Option{
				{Value: reviewDone, Label: "Yes: give me the advice"},
				{Value: reviewChange, Label: "Change an answer"},
			},
			Default: reviewDone,
		})
		if err != nil {
			return nil, err
		}
		if next == reviewDone {
			return answers, nil
		}
		// Each option one line: "> 3. Does your service … - Yes".
		opts := make([]Option, len(applying))
		for i, q := range applying {
			answer := clip(q.Describe(answers[q.Key]), max(12, a.width()/3))
			label := clip(fmt.Sprintf("%*d. %s", len(strconv.Itoa(len(applying))), i+1, q.Prompt), a.width()-len([]rune(answer))-7)
			opts[i] = Option{Value: q.Key, Label: label, Description: answer}
		}
		// A way back without changing anything: survey has no Escape.
		opts = append(opts, Option{Value: reviewBack, Label: "None: back to the answers"})
		key, err := a.Prompter.Select(Select{Message: "Which answer?", Options: opts, Default: applying[0].Key})
		if err != nil {
			return nil, err
		}
		if key == reviewBack {
			continue
		}
		q := qs.Lookup(key)
		v, err := a.askOne(q, q.Prompt, answers[key])
		if err != nil {
			return nil, err
		}
		answers[key] = v
		// The change may bring follow-up questions (asked now) and take
		// others away (dropped at the top of the loop).
		prune()
		if err := a.walk(ctx, qs, answers, false, remembered); err != nil {
			return nil, err
		}
	}
}

// applying lists the questions that apply to answers, in order.
func (a *Asker) applying(qs *questionnaire.Questionnaire, answers questionnaire.Answers) []*questionnaire.Question {
	var out []*questionnaire.Question
	for _, q := range qs.Questions {
		if _, ok := answers[q.Key]; ok && qs.Asked(q, answers) {
			out = append(out, q)
		}
	}
	return out
}

// printAnswers draws the review screen: each question and its answer,
// numbered as the "Which answer?" list numbers them, wrapped to the
// terminal.
func (a *Asker) printAnswers(applying []*questionnaire.Question, answers questionnaire.Answers) {
	width := a.width()
	fmt.Fprintf(a.Out, "\nYour answers (%s):\n", prose.Plural(len(applying), "question"))
	for i, q := range applying {
		num := fmt.Sprintf("%3d. ", i+1)
		fmt.Fprint(a.Out, prose.Wrap(q.Prompt, width, num, "     "))
		fmt.Fprint(a.Out, prose.Wrap("→ "+q.Describe(answers[q.Key]), width, "       ", "         "))
	}
	fmt.Fprintln(a.Out)
}

func (a *Asker) width() int {
	if a.Width <= 0 {
		return 80
	}
	return a.Width
}

// clip shortens s to at most n runes, ending with "…" when cut, for a
// line of a list that must stay on one terminal line.
func clip(s string, n int) string {
	r := []rune(s)
	switch {
	case len(r) <= n:
		return s
	case n < 1:
		return ""
	}
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

func options(q *questionnaire.Question) []Option {
	opts := make([]Option, len(q.Options))
	for i, o := range q.Options {
		opts[i] = Option{Value: o.Value, Label: o.Label, Description: o.Description, Exclusive: o.Exclusive}
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
					return errors.New("tick at least one: space ticks, enter accepts")
				}
				if err := exclusiveConflict(q, values); err != nil {
					return err
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

// exclusiveConflict says which options to untick when an option that
// excludes the others ("None of these") is ticked with them.
func exclusiveConflict(q *questionnaire.Question, values []string) error {
	if len(values) < 2 {
		return nil
	}
	for _, v := range values {
		o := q.Option(v)
		if o == nil || !o.Exclusive {
			continue
		}
		var others []string
		for _, w := range values {
			if w != v {
				others = append(others, q.Describe(w))
			}
		}
		return fmt.Errorf("%q goes with no other answer: untick it, or untick %s", o.Label, prose.JoinList(others, "and"))
	}
	return nil
}
