package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/render"
)

// Asker asks the questions still unanswered, in order, given the answers
// so far, and returns the completed answers. The interactive questionnaire
// plugs in here; it is used only when standard input and output are
// terminals and --no-input is not given.
type Asker interface {
	Ask(ctx context.Context, qs *questionnaire.Questionnaire, answers questionnaire.Answers) (questionnaire.Answers, error)
}

type adviseOptions struct {
	IO      *IOStreams
	Ruleset *engine.Ruleset
	Asker   Asker

	ProfilePath string
	Name        string
	Format      string
	NoInput     bool
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

func newAdviseCmd(ios *IOStreams, rs *engine.Ruleset, rulesErr error, asker Asker) *cobra.Command {
	opts := &adviseOptions{IO: ios, Ruleset: rs, Asker: asker}
	cmd := &cobra.Command{
		Use:   "advise",
		Short: "Recommend SOC reports from a profile, flags or questions",
		Long: `Recommend the SOC report(s) a service organization needs, with the type, the
SOC 2 criteria, what else to consider, rough cost and time, and the reasons.

Answers come from a vendor profile (--profile), from one flag per question
(flags override the profile), and on a terminal from questions asked for
whatever is still unanswered. Without a terminal, or with --no-input, missing
answers are an error that lists each question and its flag.`,
		Example: `  socpick advise --profile vendors/acme.yaml
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
	answers := questionnaire.Answers{}
	name := ""
	if opts.ProfilePath != "" {
		var p *profile.Profile
		if opts.ProfilePath == "-" {
			p, err = profile.ReadFrom("<stdin>", opts.IO.In, rs.Questions)
		} else {
			p, err = profile.Read(opts.ProfilePath, rs.Questions)
		}
		if err != nil {
			return err
		}
		answers, name = p.Answers, p.Name
	}
	if opts.Name != "" {
		name = opts.Name
	}
	if err := applyFlagAnswers(rs.Questions, answers, opts.FlagAnswers); err != nil {
		return err
	}
	if missing := rs.Questions.Missing(answers); len(missing) > 0 {
		if opts.Asker == nil || opts.NoInput || !opts.IO.CanPrompt() {
			return &missingAnswersError{
				MissingError: &questionnaire.MissingError{Questions: missing, Answers: answers},
				noInput:      opts.NoInput,
			}
		}
		if answers, err = opts.Asker.Ask(ctx, rs.Questions, answers); err != nil {
			return err
		}
	}
	pruned, dropped := rs.Questions.Prune(answers)
	for _, key := range dropped {
		fmt.Fprintf(opts.IO.ErrOut, "socpick: ignoring %s: it is asked only when %s\n", key, rs.Questions.Lookup(key).AskIf)
	}
	d, err := rs.Evaluate(pruned)
	if err != nil {
		return fmt.Errorf("evaluating the rules: %w", err)
	}
	return renderer.Advice(opts.IO.Out, render.Advice{Profile: name, Decision: d, Catalog: rs.Catalog})
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
