package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/prompt"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/render"
)

type adviseOptions struct {
	IO      *IOStreams
	Ruleset *engine.Ruleset

	ProfilePath string
	Name        string
	Format      string
	NoInput     bool
	AskAll      bool
	SavePath    string
	Force       bool
	// AsOf is --as-of as given (empty: today, from Now); AsOfGiven is
	// true when it was given, even empty. AsOfDay is the day read.
	AsOf      string
	AsOfGiven bool
	AsOfDay   time.Time
	Now       func() time.Time
	// WhatIf asks for the answers that would change the advice.
	WhatIf bool
	// FlagAnswers holds the raw values of the answer flags given, by key.
	FlagAnswers map[string]string
}

// missingAnswersError is questionnaire.MissingError with the hint of how
// to answer.
type missingAnswersError struct {
	*questionnaire.MissingError
	noInput bool
}

func (e *missingAnswersError) Error() string {
	hint := "\nGive the answers as flags or in a --profile file; 'socpick questions' lists them all."
	if e.noInput {
		hint += " (--no-input is set: nothing is asked.)"
	} else {
		hint += " (No terminal was found to ask on: standard input, and standard output or error, must be one.)"
	}
	return e.MissingError.Error() + hint
}

func newAdviseCmd(f *Factory) *cobra.Command {
	opts := &adviseOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "advise",
		Short: "Recommend SOC reports from a profile, flags or questions",
		Long: `Recommend the SOC report(s) a service organization needs, with the type, the
SOC 2 criteria, what else to consider, rough cost and time, and the reasons.

Answers come from a vendor profile (--profile), from one flag per question
(flags override the profile), and on a terminal from questions asked for
whatever is still unanswered. Without a terminal, or with --no-input, missing
answers are an error that lists each question and its flag.`,
		Example: `  socpick advise                       # on a terminal: answer the questions
  socpick advise --profile vendors/acme.yaml --as-of 2027-01-15   # the plan as of a day
  socpick advise --profile vendors/acme.yaml --what-if             # which answers would change it
  socpick advise --save acme.yaml      # ... and keep the answers as a profile
  socpick advise --profile vendors/acme.yaml
  socpick advise --profile vendors/acme.yaml --type2-required yes --format json
  cat acme.yaml | socpick advise --profile - --format markdown
  socpick advise --services saas --financial-reporting-impact no --sox-customers no \
    --customer-data yes --data-types personal --security-reviews yes \
    --availability-commitments yes --processing-integrity no --public-report no \
    --controls-operating-months 0 --first-examination yes --deadline-months 0 \
    --type2-required no --customer-regions us --subservice-providers yes \
    --significant-changes no`,
		Args:        noArgs,
		Annotations: map[string]string{questionFlags: "yes"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.loadInto(&opts.Ruleset); err != nil {
				return err
			}
			if cmd.Flags().Changed("profile") && opts.ProfilePath == "" {
				return usageErrorf("--profile needs a file name, or - for standard input")
			}
			if cmd.Flags().Changed("save") && opts.SavePath == "" {
				return usageErrorf("--save needs a file name to save the answers to (is the variable it came from empty?)")
			}
			if cmd.Flags().Changed("name") {
				if _, _, err := vendorName(opts.Name); err != nil {
					return &usageError{err: fmt.Errorf("--name: %w", err)}
				}
			}
			var err error
			if opts.AsOfDay, err = asOfDate(cmd.Flags().Changed("as-of"), opts.AsOf, opts.Now); err != nil {
				return err
			}
			opts.FlagAnswers = map[string]string{}
			for _, q := range opts.Ruleset.Questions.Questions {
				if fl := cmd.Flags().Lookup(q.Flag()); fl != nil && fl.Changed {
					opts.FlagAnswers[q.Key] = fl.Value.String()
				}
			}
			return runAdvise(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.SortFlags = false
	fl.StringVarP(&opts.ProfilePath, "profile", "p", "", "read answers from the vendor profile `FILE` (- for standard input)")
	addFormatFlag(cmd, &opts.Format, "text", "output format", render.AdviceOutput)
	fl.StringVar(&opts.Name, "name", "", "the vendor's `NAME` in the output: acme-payroll, or \"Acme Payroll, Inc.\" (a title; the name is made from it)")
	fl.BoolVar(&opts.NoInput, "no-input", false, "never ask questions; missing answers are an error")
	fl.BoolVar(&opts.AskAll, "ask-all", false, "ask every question, with the answers given as defaults (needs a terminal)")
	fl.StringVar(&opts.SavePath, "save", "", "save the answers as a vendor profile `FILE`, to re-run or check in CI")
	fl.BoolVar(&opts.Force, "force", false, "let --save overwrite an existing file")
	fl.BoolVar(&opts.WhatIf, "what-if", false, "also list each other answer that would change the advice, and how")
	fl.StringVar(&opts.AsOf, "as-of", "", "plan from `YYYY-MM-DD` instead of today (answers saved earlier are aged to it)")
	return cmd
}

// addQuestionFlags adds a flag per question of rs to cmd (--services,
// --customer-data ...), with completion of the allowed values.
func addQuestionFlags(cmd *cobra.Command, rs *engine.Ruleset) {
	for _, q := range rs.Questions.Questions {
		addQuestionFlag(cmd, q, render.LogText)
	}
}

func runAdvise(ctx context.Context, opts *adviseOptions) error {
	renderer, err := render.AdviceOutput.Get(opts.Format, opts.IO.renderOptions())
	if err != nil {
		return formatError(err)
	}
	if err := checkSavePath(opts); err != nil {
		return err
	}
	g, err := gatherAnswers(ctx, opts)
	if err != nil {
		return err
	}
	if err := evaluateAndRender(opts, g, renderer); err != nil {
		return err
	}
	return saveAnswers(opts, g)
}

// gathered is what advise knows before it evaluates: the answers, whose
// they are, and how they were given.
type gathered struct {
	answers questionnaire.Answers
	// name is the vendor's metadata.name, "" when not known; title its
	// display name (metadata.title), "" when it has none.
	name, title string
	// base is the profile read, whose other parts a save keeps; nil when
	// the answers came from flags and prompts alone.
	base *profile.Profile
	// prompter asks on the terminal; nil when nothing may be asked.
	prompter prompt.Prompter
	// asked is true when questions were asked.
	asked bool
	// deadline is the customers' date of a profile whose answers were
	// aged, and agedDeadline its answer once aged: while the answer stays
	// so, the plan keeps the date rather than counting from today.
	deadline     time.Time
	agedDeadline any
}

// deadlineKey is the answer the customers' date is given in.
const deadlineKey = "deadline_months"

// gatherAnswers reads the profile, sets the answer flags over it, asks
// for what is still missing when a terminal allows, and drops answers to
// questions that do not apply. With --save and no name, it asks for one.
func gatherAnswers(ctx context.Context, opts *adviseOptions) (*gathered, error) {
	qs := opts.Ruleset.Questions
	g := &gathered{answers: questionnaire.Answers{}}
	var err error
	if opts.ProfilePath != "" {
		if opts.ProfilePath == "-" {
			g.base, err = profile.ReadFrom("<stdin>", opts.IO.In, qs)
		} else {
			g.base, err = profile.Read(opts.ProfilePath, qs)
		}
		if err != nil {
			return nil, err
		}
		g.answers, g.name, g.title = g.base.Answers, g.base.Name, g.base.Title
		// Answers saved earlier are true as of their day: age them to the
		// advice's (controls have operated longer, a deadline is nearer),
		// so that flags, prompts and a save start from today's values.
		if !g.base.AnsweredOn.IsZero() {
			g.answers, g.deadline = opts.Ruleset.Age(g.answers, g.base.AnsweredOn, opts.AsOfDay)
			g.agedDeadline = g.answers[deadlineKey]
		}
	}
	if opts.Name != "" {
		g.name, g.title, _ = vendorName(opts.Name) // checked with the flags
	}
	if err := applyFlagAnswers(qs, g.answers, opts.FlagAnswers); err != nil {
		return nil, err
	}

	if !opts.NoInput {
		g.prompter = opts.IO.Prompter()
	}
	if opts.AskAll && g.prompter == nil {
		return nil, usageErrorf("--ask-all needs a terminal to ask on (and no --no-input)")
	}
	if missing := qs.Missing(g.answers); len(missing) > 0 || opts.AskAll {
		if g.prompter == nil {
			return nil, &missingAnswersError{
				MissingError: &questionnaire.MissingError{Questions: missing, Answers: g.answers},
				noInput:      opts.NoInput,
			}
		}
		asker := &prompt.Asker{Prompter: g.prompter, Out: opts.IO.promptOut(), AskAll: opts.AskAll, Review: true, Width: opts.IO.promptWidth()}
		if g.answers, err = asker.Ask(ctx, qs, g.answers); err != nil {
			return nil, cancelled(err)
		}
		g.asked = true
	}
	var dropped []string
	g.answers, dropped = qs.Prune(g.answers)
	for _, key := range dropped {
		fmt.Fprintf(opts.IO.ErrOut, "socpick: ignoring %s: it is asked only when %s\n", key, qs.Lookup(key).When())
	}
	if opts.SavePath != "" && g.name == "" {
		if g.name, g.title, err = askName(g.prompter, opts.SavePath); err != nil {
			return nil, cancelled(err)
		}
	}
	return g, nil
}

// evaluateAndRender evaluates the answers and writes the advice.
func evaluateAndRender(opts *adviseOptions, g *gathered, renderer render.AdviceRenderer) error {
	rs := opts.Ruleset
	sit := engine.Situation{AsOf: opts.AsOfDay}
	if g.base != nil {
		sit = g.base.Situation(opts.AsOfDay)
		sit.AnsweredOn = time.Time{} // aged when read
		if !g.deadline.IsZero() && g.answers[deadlineKey] == g.agedDeadline {
			sit.Deadline = g.deadline
		}
	}
	d, err := rs.EvaluateAt(g.answers, sit)
	if err != nil {
		if errors.As(err, new(*engine.RuleError)) {
			return err // FILE:LINE:COL: rule ID: ...
		}
		return fmt.Errorf("evaluating the rules: %w", err)
	}
	if g.base != nil {
		if w := rs.HeldContradiction(g.answers, g.base.RenewedIDs()); w != nil {
			d.Warnings = append(d.Warnings, *w)
		}
	}

	if g.asked && opts.IO.outTTY {
		fmt.Fprintln(opts.IO.Out) // the advice below the last question
	}
	tool := toolOf(rs)
	a := render.Advice{Profile: g.name, Title: g.title, Decision: d, Catalog: rs.Catalog, Tool: &tool, Answers: answerRows(rs.Questions, g.answers)}
	if opts.WhatIf {
		if a.WhatIf, err = rs.WhatIf(g.answers, sit, d); err != nil {
			return fmt.Errorf("what if: %w", err)
		}
		if a.WhatIf == nil {
			a.WhatIf = []engine.WhatIf{}
		}
		a.Flags = func(key string) string { return "--" + rs.Questions.Lookup(key).Flag() }
	}
	return renderer.Advice(opts.IO.Out, a)
}

// checkSavePath refuses a --save path that cannot be written before
// anything is read or asked, so that no answers are typed in for nothing.
func checkSavePath(opts *adviseOptions) error {
	switch opts.SavePath {
	case "":
		return nil
	case "-":
		return usageErrorf("--save -: a profile is saved to a file, not to standard output; name a FILE (./- for a file named -)")
	}
	if err := profile.CheckSavePath(opts.SavePath, opts.Force); err != nil {
		return &usageError{err: fmt.Errorf("--save: %w", err)}
	}
	return nil
}

// saveAnswers saves the answers as a profile: to --save, or, when
// questions were asked, where the person says after the advice. When
// answers that were typed in cannot be saved, it asks for another file
// rather than lose them.
func saveAnswers(opts *adviseOptions, g *gathered) error {
	savePath, force := opts.SavePath, opts.Force
	if savePath == "" {
		if !g.asked {
			return nil
		}
		// Offer to keep what was just answered; never write unasked.
		p := g.prompter
		fmt.Fprintln(opts.IO.Out)
		keep, err := p.Confirm("Save these answers as a vendor profile, to re-run or check in CI?", false)
		if err != nil || !keep {
			return cancelled(err)
		}
		if g.name == "" {
			if g.name, g.title, err = askName(p, ""); err != nil {
				return cancelled(err)
			}
		}
		if savePath, err = askSavePath(p, g.name+".yaml"); err != nil {
			return cancelled(err)
		}
		force = false // the offer never overwrites
	}
	data, err := profile.Encode(g.name, g.title, g.answers, opts.Ruleset.Questions, g.base, opts.AsOfDay)
	if err != nil {
		return err
	}
	for {
		err := profile.Save(savePath, data, force)
		if err == nil {
			break
		}
		if !g.asked || g.prompter == nil {
			return err
		}
		fmt.Fprintf(opts.IO.ErrOut, "socpick: %v\n", err)
		if savePath, err = askSavePath(g.prompter, ""); err != nil {
			return cancelled(err)
		}
		force = false
	}
	opts.IO.Notice(fmt.Sprintf("socpick: saved the answers to %s; run it again with: socpick advise --profile %s", savePath, shellArg(savePath)))
	// The deadline is saved in whole months from today: say where that
	// moves the customers' date, which the saved answers no longer hold.
	months, _ := g.answers[deadlineKey].(int)
	switch {
	case g.deadline.IsZero() || g.answers[deadlineKey] != g.agedDeadline:
		// no date read, or the answer was given anew
	case g.deadline.Before(opts.AsOfDay) && months == 0:
		opts.IO.Notice(fmt.Sprintf("socpick: the customers' date, %s, had passed, so the saved answers have no deadline (%s: 0); answer it again when they give a new date",
			calendar.Day(g.deadline), deadlineKey))
	case months > 0 && !calendar.AddMonthsDay(opts.AsOfDay, months).Equal(g.deadline):
		opts.IO.Notice(fmt.Sprintf("socpick: the customers' date, %s, is saved in whole months, as %s: %d from %s: %s from now on",
			calendar.Day(g.deadline), deadlineKey, months, calendar.Day(opts.AsOfDay), calendar.Day(calendar.AddMonthsDay(opts.AsOfDay, months))))
	}
	return nil
}

// askSavePath asks for a new file to save the profile to, def offered.
func askSavePath(p prompt.Prompter, def string) (string, error) {
	return p.Input(prompt.Input{
		Message: "File to save it to:", Default: def,
		Help:     "A YAML vendor profile; an existing file is not overwritten. Ctrl-C gives up (the answers are not kept).",
		Validate: freePath,
	})
}

// cancelled turns an interrupted prompt into ErrCancelled (exit 130).
func cancelled(err error) error {
	if errors.Is(err, prompt.ErrInterrupted) {
		return ErrCancelled
	}
	return err
}

// askName asks for the vendor's name when a profile is to be saved without
// one: a name (acme-payroll) or a display name ("Acme Payroll, Inc."),
// from which the name is made. Without a prompter, the name comes from
// the file's.
func askName(p prompt.Prompter, savePath string) (name, title string, err error) {
	def := profile.NameFromPath(savePath)
	if p == nil {
		return def, "", nil
	}
	if savePath == "" {
		def = "" // no file name to suggest one from: "vendor" would be a guess
	}
	answer, err := p.Input(prompt.Input{
		Message:  "The vendor's name, as people should read it:",
		Help:     "For example Acme Payroll, Inc.: outputs show it, and the profile keeps it as metadata.title, with metadata.name made from it (acme-payroll-inc). A name in lower-case letters, digits and dashes is kept as it is.",
		Default:  def,
		Validate: func(s string) error { _, _, err := vendorName(s); return err },
	})
	if err != nil {
		return "", "", err
	}
	return vendorName(answer)
}

// vendorName reads a vendor's name as a person gives it: a name as
// metadata.name holds it (acme-payroll), or a display name ("Acme
// Payroll, Inc."), kept as the title, from which the name is made.
func vendorName(s string) (name, title string, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "", errors.New("give the vendor's name (Acme Payroll, Inc., or acme-payroll)")
	}
	if profile.CheckName(s) == nil {
		return s, "", nil
	}
	if err := profile.CheckTitle(s); err != nil {
		return "", "", err
	}
	name = profile.Slug(s)
	if name == "" {
		return "", "", fmt.Errorf("%q has no letters or digits to make a name of", s)
	}
	return name, s, nil
}

// freePath accepts a path to save a new file at: one Save can write
// without overwriting anything.
func freePath(path string) error {
	switch strings.TrimSpace(path) {
	case "":
		return errors.New("give a file name")
	case "-":
		return errors.New("give a file name (./- for a file named -)")
	}
	err := profile.CheckSavePath(path, false)
	if errors.Is(err, profile.ErrExists) {
		return fmt.Errorf("%s exists; choose another name (or use --save %s --force)", path, path)
	}
	return err
}

// applyFlagAnswers checks the answer flags given and sets them over the
// profile's answers. Every bad flag is reported at once.
func applyFlagAnswers(qs *questionnaire.Questionnaire, answers questionnaire.Answers, flags map[string]string) error {
	var errs []error
	for _, key := range qs.Keys() {
		raw, ok := flags[key]
		if !ok {
			continue
		}
		q := qs.Lookup(key)
		v, err := q.ParseFlag(raw)
		if err != nil {
			for _, err := range questionnaire.SplitErrors(err) {
				errs = append(errs, fmt.Errorf("--%s: %w", q.Flag(), err))
			}
			continue
		}
		answers[key] = v
	}
	if len(errs) > 0 {
		return &usageError{err: errors.Join(errs...)}
	}
	return nil
}

// answerRows are the answers the advice is computed from, for the report
// to show: in the questionnaire's order, each with its question and its
// answer in words.
func answerRows(qs *questionnaire.Questionnaire, answers questionnaire.Answers) []render.Answer {
	var rows []render.Answer
	for _, q := range qs.Questions {
		if v, ok := answers[q.Key]; ok {
			rows = append(rows, render.Answer{Key: q.Key, Value: v, Question: q.Prompt, Text: q.Describe(v)})
		}
	}
	return rows
}
