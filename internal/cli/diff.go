package cli

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/render"
)

type diffOptions struct {
	IO      *IOStreams
	Factory *Factory
	Paths   []string
	Format  string
	// RulesA and RulesB are --rules-a and --rules-b: a ruleset directory
	// for one side; empty: the ruleset in use (--rules, or the default).
	RulesA, RulesB string
	// AsOf, AsOfA and AsOfB are the dates as given; the sides default to
	// --as-of, which defaults to today (from Now).
	AsOf, AsOfA, AsOfB        string
	AsOfGiven, AGiven, BGiven bool
	Now                       func() time.Time
}

func newDiffCmd(f *Factory) *cobra.Command {
	opts := &diffOptions{IO: f.IO, Factory: f}
	cmd := &cobra.Command{
		Use:   "diff A.yaml [B.yaml]",
		Short: "Compare the advice for two profiles, or one under two rulesets or dates",
		Long: `Compare two advices for a vendor and say what changed: reports, types and the
Type I first, criteria, obligations and the plan (report dates, the deadline
verdict), with the answers that differ and the rules that fired on one side
only.

The two sides are two profiles (A.yaml B.yaml), or one profile under two
rulesets (--rules-a, --rules-b; a side without one uses --rules, or the
embedded default), or on two dates (--as-of-a, --as-of-b; a side without one
uses --as-of, or today); these combine.`,
		Example: `  socpick diff vendors/acme.yaml vendors/acme-next-year.yaml
  socpick diff vendors/acme.yaml --rules-b my-rules          # the default against my rules
  socpick diff vendors/acme.yaml --as-of-a 2026-11-29 --as-of-b 2027-06-30
  socpick diff vendors/acme.yaml --rules-a old-rules --rules-b new-rules --format json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return usageErrorf("diff needs one or two profiles, got %d", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			fl := cmd.Flags()
			opts.AsOfGiven, opts.AGiven, opts.BGiven = fl.Changed("as-of"), fl.Changed("as-of-a"), fl.Changed("as-of-b")
			for _, name := range []string{"rules-a", "rules-b"} {
				if fl.Changed(name) && fl.Lookup(name).Value.String() == "" {
					return usageErrorf("--%s needs a ruleset directory (is the variable it came from empty?)", name)
				}
			}
			return runDiff(opts)
		},
	}
	fl := cmd.Flags()
	addFormatFlag(cmd, &opts.Format, "text", "output format", render.DiffOutput)
	fl.StringVar(&opts.RulesA, "rules-a", "", "judge side A with the ruleset in `DIR`")
	fl.StringVar(&opts.RulesB, "rules-b", "", "judge side B with the ruleset in `DIR`")
	fl.StringVar(&opts.AsOf, "as-of", "", "plan both sides from `YYYY-MM-DD` instead of today")
	fl.StringVar(&opts.AsOfA, "as-of-a", "", "plan side A from `YYYY-MM-DD`")
	fl.StringVar(&opts.AsOfB, "as-of-b", "", "plan side B from `YYYY-MM-DD`")
	return cmd
}

func runDiff(opts *diffOptions) error {
	out, err := render.DiffOutput.Get(opts.Format, opts.IO.renderOptions())
	if err != nil {
		return formatError(err)
	}
	asOf, err := asOfDate(opts.AsOfGiven, opts.AsOf, opts.Now)
	if err != nil {
		return err
	}
	pathB := opts.Paths[0]
	if len(opts.Paths) == 2 {
		pathB = opts.Paths[1]
	}
	if len(opts.Paths) == 1 && opts.RulesA == opts.RulesB && opts.AsOfA == opts.AsOfB {
		return usageErrorf("nothing to compare: give a second profile, two rulesets (--rules-a, --rules-b) or two dates (--as-of-a, --as-of-b)")
	}
	sideA, rsA, pA, err := diffSide(opts, "a", opts.Paths[0], opts.RulesA, opts.AGiven, opts.AsOfA, asOf)
	if err != nil {
		return err
	}
	sideB, rsB, pB, err := diffSide(opts, "b", pathB, opts.RulesB, opts.BGiven, opts.AsOfB, asOf)
	if err != nil {
		return err
	}
	d := render.Diff{A: sideA, B: sideB, Changes: engine.Changes(sideA.Decision, sideB.Decision, rsB.Catalog.Name)}
	d.Answers = answerChanges(rsA.Questions, rsB.Questions, pA.Answers, pB.Answers)
	for _, id := range sideA.Decision.Fired {
		if !slices.Contains(sideB.Decision.Fired, id) {
			d.OnlyA = append(d.OnlyA, id)
		}
	}
	for _, id := range sideB.Decision.Fired {
		if !slices.Contains(sideA.Decision.Fired, id) {
			d.OnlyB = append(d.OnlyB, id)
		}
	}
	if err := out.Diff(opts.IO.Out, d); err != nil {
		return err
	}
	if d.Changed() {
		return &reportedError{code: ExitFindings, what: "the advice differs"}
	}
	return nil
}

// diffSide reads a profile with a side's ruleset and evaluates it on the
// side's date.
func diffSide(opts *diffOptions, side, path, rulesDir string, dayGiven bool, day string, asOf time.Time) (render.DiffSide, *engine.Ruleset, *profile.Profile, error) {
	rs, err := opts.Factory.Ruleset()
	if rulesDir != "" {
		rs, err = loadRulesetFrom(rulesDir, "--rules-"+side+" "+rulesDir)
	}
	if err != nil {
		return render.DiffSide{}, nil, nil, err
	}
	if dayGiven || day != "" {
		if asOf, err = dateFlag("--as-of-"+side, dayGiven, day, opts.Now); err != nil {
			return render.DiffSide{}, nil, nil, err
		}
	}
	p, err := profile.Read(path, rs.Questions)
	if err != nil {
		return render.DiffSide{}, nil, nil, err
	}
	if missing := rs.Questions.Missing(p.Answers); len(missing) > 0 {
		return render.DiffSide{}, nil, nil, &missingAnswersError{MissingError: &questionnaire.MissingError{Questions: missing, Answers: p.Answers}, noInput: true}
	}
	d, err := rs.EvaluateAt(p.Answers, p.Situation(asOf))
	if err != nil {
		return render.DiffSide{}, nil, nil, fmt.Errorf("%s: the rules could not be evaluated: %w", path, err)
	}
	return render.DiffSide{File: path, Profile: p.Name, Rules: rs.Dir, AsOf: calendar.Day(asOf), Decision: d}, rs, p, nil
}

// answerChanges lists the answers that differ between the two sides, in
// the order of B's questions, then A's.
func answerChanges(qa, qb *questionnaire.Questionnaire, a, b questionnaire.Answers) []render.AnswerChange {
	var out []render.AnswerChange
	seen := map[string]bool{}
	for _, qs := range []*questionnaire.Questionnaire{qb, qa} {
		for _, q := range qs.Questions {
			if seen[q.Key] {
				continue
			}
			seen[q.Key] = true
			va, vb := describe(q, a[q.Key]), describe(q, b[q.Key])
			if va != vb {
				out = append(out, render.AnswerChange{Key: q.Key, A: va, B: vb})
			}
		}
	}
	return out
}

// describe writes an answer as a profile holds it: "yes", "[payroll, saas]",
// "6"; "" when not answered.
func describe(q *questionnaire.Question, v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case []string:
		return "[" + strings.Join(v, ", ") + "]"
	default:
		return fmt.Sprint(v)
	}
}
