package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/prose"
)

type rulesValidateOptions struct {
	*rulesContext
	Samples int
	// Timeout is validate's time budget: the search for rules that never
	// fire stops there and says what it did not finish.
	Timeout time.Duration
}

func newRulesValidateCmd(rc *rulesContext) *cobra.Command {
	opts := &rulesValidateOptions{rulesContext: rc}
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Load and compile the ruleset; warn of rules that never fire and questions no rule reads",
		Long: `Load and compile every file of the ruleset. Errors (bad YAML, an unknown key,
an unknown answer key or a type mismatch in a condition, an unknown report,
type, criterion or also-consider id, a duplicate rule id) are listed as
FILE:LINE:COL, with exit status 2.

Then look for what loading cannot see:
  - questions whose answer no rule's condition reads (warning);
  - by evaluating sampled answer sets (the answer space is too large to walk
    whole): rules that never fire (warning), rules of the same priority
    that set a report's type differently for the same answers (warning),
    and answers the ruleset cannot evaluate, such as a recommended report
    that no rule gives a type, or a rule whose condition fails at run time
    (error, exit status 2).

The search has a time budget (--timeout): a ruleset slow to evaluate is
not searched for ever. When the budget runs out, validate says how many
answer sets it sampled and which rules it did not finish looking at.`,
		Example: `  socpick rules validate
  socpick --rules my-rules rules validate`,
		Args: noArgs,
		RunE: rc.loaded(func(cmd *cobra.Command, args []string) error { return runRulesValidate(cmd.Context(), opts) }),
	}
	cmd.Flags().IntVar(&opts.Samples, "samples", 20000, "how many answer sets to evaluate, looking for rules that never fire")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 30*time.Second, "the time budget of the search for rules that never fire")
	return cmd
}

func runRulesValidate(ctx context.Context, opts *rulesValidateOptions) error {
	if opts.Samples < 1 {
		return usageErrorf("--samples: %d is too few (want 1 or more)", opts.Samples)
	}
	if opts.Timeout <= 0 {
		return usageErrorf("--timeout: %v is too short (want a duration such as 30s or 5m)", opts.Timeout)
	}
	rs := opts.Ruleset
	budget, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	an := rs.Analyze(budget, opts.Samples)
	if err := ctx.Err(); err != nil {
		return err // interrupted (Ctrl-C): not the budget
	}
	findings := an.Findings
	if an.Cut {
		msg := fmt.Sprintf("validate did not finish within its time budget (--timeout %v): it sampled %d of %d answer sets",
			opts.Timeout, an.Sampled, opts.Samples)
		if len(an.Unwalked) > 0 {
			msg += fmt.Sprintf(", and did not finish looking at %s that fired in no sample: %s",
				prose.Plural(len(an.Unwalked), "rule"), strings.Join(an.Unwalked, ", "))
		}
		findings = append(findings, engine.Finding{Msg: msg + "; a longer --timeout, or fewer --samples, lets it finish"})
	}
	errs, warns := 0, 0
	var w strings.Builder
	for _, f := range findings {
		f.File = opts.path(f.File)
		fmt.Fprintln(&w, f)
		if f.Error {
			errs++
		} else {
			warns++
		}
	}
	sampled := fmt.Sprint(an.Sampled)
	if an.Sampled < opts.Samples {
		sampled = fmt.Sprintf("%d of %d", an.Sampled, opts.Samples)
	}
	fmt.Fprintf(&w, "%s: %d rules, %d questions: %s, %s (%s answer sets sampled)\n",
		opts.Dir, len(rs.Rules), len(rs.Questions.Questions), prose.Plural(errs, "error"), prose.Plural(warns, "warning"), sampled)
	if _, err := io.WriteString(opts.IO.Out, w.String()); err != nil {
		return err
	}
	if errs > 0 {
		return &reportedError{code: ExitUsage, what: "the ruleset cannot evaluate some answers"}
	}
	return nil
}
