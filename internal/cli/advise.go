package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

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
	}
	return e.MissingError.Error() + hint
}

func newAdviseCmd(ios *IOStreams, rs *engine.Ruleset, rulesErr error) *cobra.Command {
	opts := &adviseOptions{IO: ios, Ruleset: rs}
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
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if rulesErr != nil {
				return rulesErr
			}
			if cmd.Flags().Changed("profile") && opts.ProfilePath == "" {
				return usageErrorf("--profile needs a file name, or - for standard input")
			}
			if cmd.Flags().Changed("name") {
				if err := profile.CheckName(opts.Name); err != nil {
					return &usageError{err: fmt.Errorf("--name: %w", err)}
				}
			}
			opts.FlagAnswers = map[string]string{}
			for _, q := range rs.Questions.Questions {
				if f := cmd.Flags().Lookup(q.Flag()); f != nil && f.Changed {
					opts.FlagAnswers[q.Key] = f.Value.String()
				}
			}
			return runAdvise(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.SortFlags = false
	f.StringVarP(&opts.ProfilePath, "profile", "p", "", "read answers from the vendor profile `FILE` (- for standard input)")
	f.StringVarP(&opts.Format, "format", "f", "text", "output format: "+strings.Join(render.Formats, ", "))
	f.StringVar(&opts.Name, "name", "", "the vendor's `name` in the output (default: the profile's metadata.name)")
	f.BoolVar(&opts.NoInput, "no-input", false, "never ask questions; missing answers are an error")
	f.BoolVar(&opts.AskAll, "ask-all", false, "ask every question, with the answers given as defaults (needs a terminal)")
	f.StringVar(&opts.SavePath, "save", "", "save the answers as a vendor profile `FILE`, to re-run or check in CI")
	f.BoolVar(&opts.Force, "force", false, "let --save overwrite an existing file")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(render.Formats, cobra.ShellCompDirectiveNoFileComp))
	if rs != nil {
		for _, q := range rs.Questions.Questions {
			f.String(q.Flag(), "", fmt.Sprintf("%s %s", q.Prompt, q.Placeholder()))
			if vals := q.Values(); len(vals) > 0 {
				_ = cmd.RegisterFlagCompletionFunc(q.Flag(), cobra.FixedCompletions(vals, cobra.ShellCompDirectiveNoFileComp))
			}
		}
	}
	return cmd
}

func runAdvise(ctx context.Context, opts *adviseOptions) error {
	rs := opts.Ruleset
	renderer, err := render.Get(opts.Format, render.Options{Color: opts.IO.ColorEnabled()})
	if err != nil {
		return &usageError{err: fmt.Errorf("--format: %w", err)}
	}
	var base *profile.Profile
	answers := questionnaire.Answers{}
	name := ""
	if opts.ProfilePath != "" {
		if opts.ProfilePath == "-" {
			base, err = profile.ReadFrom("<stdin>", opts.IO.In, rs.Questions)
		} else {
			base, err = profile.Read(opts.ProfilePath, rs.Questions)
		}
		if err != nil {
			return err
		}
		answers, name = base.Answers, base.Name
	}
	if opts.Name != "" {
		name = opts.Name
	}
	if err := applyFlagAnswers(rs.Questions, answers, opts.FlagAnswers); err != nil {
		return err
	}

	var p prompt.Prompter
	if !opts.NoInput {
		p = opts.IO.Prompter()
	}
	if opts.AskAll && p == nil {
		return usageErrorf("--ask-all needs a terminal to ask on (and no --no-input)")
	}
	missing := rs.Questions.Missing(answers)
	asked := false
	if len(missing) > 0 || opts.AskAll {
		if p == nil {
			return &missingAnswersError{
				MissingError: &questionnaire.MissingError{Questions: missing, Answers: answers},
				noInput:      opts.NoInput,
			}
		}
		asker := &prompt.Asker{Prompter: p, Out: opts.IO.Out, AskAll: opts.AskAll}
		if answers, err = asker.Ask(ctx, rs.Questions, answers); err != nil {
			return cancelled(err)
		}
		asked = true
	}
	answers, dropped := rs.Questions.Prune(answers)
	for _, key := range dropped {
		fmt.Fprintf(opts.IO.ErrOut, "socpick: ignoring %s: it is asked only when %s\n", key, rs.Questions.Lookup(key).AskIf)
	}

	savePath := opts.SavePath
	if savePath != "" && name == "" {
		if name, err = askName(p, savePath); err != nil {
			return cancelled(err)
		}
	}
	d, err := rs.Evaluate(answers)
	if err != nil {
		return fmt.Errorf("evaluating the rules: %w", err)
	}
	if asked {
		fmt.Fprintln(opts.IO.Out)
	}
	if err := renderer.Advice(opts.IO.Out, render.Advice{Profile: name, Decision: d, Catalog: rs.Catalog}); err != nil {
		return err
	}

	if savePath == "" && asked {
		// Offer to keep what was just answered; never write unasked.
		fmt.Fprintln(opts.IO.Out)
		keep, err := p.Confirm("Save these answers as a vendor profile, to re-run or check in CI?", false)
		if err != nil || !keep {
			return cancelled(err)
		}
		if name == "" {
			if name, err = askName(p, ""); err != nil {
				return cancelled(err)
			}
		}
		savePath, err = p.Input(prompt.Input{
			Message: "File to save it to:", Default: name + ".yaml",
			Help:     "A YAML vendor profile; an existing file is not overwritten.",
			Validate: func(s string) error { return freePath(s) },
		})
		if err != nil {
			return cancelled(err)
		}
	}
	if savePath == "" {
		return nil
	}
	data, err := profile.Encode(name, answers, rs.Questions, base)
	if err != nil {
		return err
	}
	if err := profile.Save(savePath, data, opts.Force); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "socpick: saved the answers to %s; run it again with: socpick advise --profile %s\n", savePath, savePath)
	return nil
}

// cancelled turns an interrupted prompt into ErrCancelled (exit 130).
func cancelled(err error) error {
	if errors.Is(err, prompt.ErrInterrupted) {
		return ErrCancelled
	}
	return err
}

// askName asks for the vendor's name when a profile is to be saved without
// one; without a terminal it is made from the file's name.
func askName(p prompt.Prompter, savePath string) (string, error) {
	def := profile.NameFromPath(savePath)
	if p == nil {
		return def, nil
	}
	return p.Input(prompt.Input{
		Message:  "Vendor name for the profile (lower-case letters, digits, dashes):",
		Help:     "metadata.name of the saved profile; every output carries it.",
		Default:  def,
		Validate: profile.CheckName,
	})
}

// freePath accepts a path to save a new file at.
func freePath(path string) error {
	if strings.TrimSpace(path) == "" {
		return errors.New("give a file name")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists; choose another name (or use --save %s --force)", path, path)
	}
	return nil
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
			errs = append(errs, fmt.Errorf("--%s: %w", q.Flag(), err))
			continue
		}
		answers[key] = v
	}
	if len(errs) > 0 {
		return &usageError{err: errors.Join(errs...)}
	}
	return nil
}
