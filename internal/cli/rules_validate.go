package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/prose"
)

type rulesValidateOptions struct {
	*rulesContext
	Samples int
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
    that no rule gives a type (error, exit status 2).`,
		Example: `  socpick rules validate
  socpick --rules my-rules rules validate`,
		Args: noArgs,
		RunE: rc.loaded(func(cmd *cobra.Command, args []string) error { return runRulesValidate(opts) }),
	}
	cmd.Flags().IntVar(&opts.Samples, "samples", 20000, "how many answer sets to evaluate, looking for rules that never fire")
	return cmd
}

func runRulesValidate(opts *rulesValidateOptions) error {
	if opts.Samples < 1 {
		return usageErrorf("--samples: %d is too few (want 1 or more)", opts.Samples)
	}
	rs := opts.Ruleset
	findings := rs.Analyze(opts.Samples)
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
	fmt.Fprintf(&w, "%s: %d rules, %d questions: %s, %s (%d answer sets sampled)\n",
		opts.Dir, len(rs.Rules), len(rs.Questions.Questions), prose.Plural(errs, "error"), prose.Plural(warns, "warning"), opts.Samples)
	if _, err := io.WriteString(opts.IO.Out, w.String()); err != nil {
		return err
	}
	if errs > 0 {
		return &reportedError{code: ExitUsage, what: "the ruleset cannot evaluate some answers"}
	}
	return nil
}
