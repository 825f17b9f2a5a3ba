package cli

import (
	"slices"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/render"
)

type rulesGraphOptions struct {
	*rulesContext
	Format    string
	Rules     []string
	Questions []string
}

func newRulesGraphCmd(rc *rulesContext) *cobra.Command {
	opts := &rulesGraphOptions{rulesContext: rc}
	cmd := &cobra.Command{
		Use:   "graph",
		Short: "Draw the decision structure: questions -> rules -> outcomes",
		Long: `Draw the ruleset as a diagram: each question, the rules whose conditions read
it, and what each rule decides (reports, types, criteria, also-consider items,
notes). Mermaid renders on GitHub inside a ` + "```mermaid" + ` block; dot is for
Graphviz (dot -Tsvg).

The whole default ruleset is a large diagram; --rule and --question draw only
the rules named and the rules that read the questions named (both repeat).`,
		Example: `  socpick rules graph > rules.mmd
  socpick rules graph --question customer_data --question data_types
  socpick --rules my-rules rules graph --rule policy-personal-data-type2
  socpick rules graph --format dot | dot -Tsvg > rules.svg`,
		Args: noArgs,
		RunE: rc.loaded(func(cmd *cobra.Command, args []string) error { return runRulesGraph(opts) }),
	}
	addFormatFlag(cmd, &opts.Format, "mermaid", "diagram format", render.GraphOutput)
	cmd.Flags().StringArrayVar(&opts.Rules, "rule", nil, "draw this rule (`ID`; repeat for more)")
	cmd.Flags().StringArrayVar(&opts.Questions, "question", nil, "draw the rules that read this answer `KEY` (repeat for more)")
	return cmd
}

func runRulesGraph(opts *rulesGraphOptions) error {
	diagram, err := render.GraphOutput.Get(opts.Format, opts.IO.renderOptions())
	if err != nil {
		return formatError(err)
	}
	rs := opts.Ruleset
	for _, id := range opts.Rules {
		if rs.Rule(id) == nil {
			return usageErrorf("--rule: no rule %q%s ('socpick rules list' lists them)", id, prose.Suggest(id, rs.RuleIDs()))
		}
	}
	keys := append(rs.Questions.Keys(), questionnaire.ReportsVar)
	for _, k := range opts.Questions {
		if !slices.Contains(keys, k) {
			return usageErrorf("--question: no answer key %q%s ('socpick questions' lists them)", k, prose.Suggest(k, keys))
		}
	}
	return diagram.Graph(opts.IO.Out, rs, render.GraphFilter{Rules: opts.Rules, Questions: opts.Questions})
}
