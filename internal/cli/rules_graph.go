package cli

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/render"
)

type rulesGraphOptions struct {
	*rulesContext
	Format string
}

func newRulesGraphCmd(rc *rulesContext) *cobra.Command {
	opts := &rulesGraphOptions{rulesContext: rc}
	cmd := &cobra.Command{
		Use:   "graph",
		Short: "Draw the decision structure: questions -> rules -> outcomes",
		Long: `Draw the ruleset as a diagram: each question, the rules whose conditions read
it, and what each rule decides (reports, types, criteria, also-consider items,
notes). Mermaid renders on GitHub inside a ` + "```mermaid" + ` block; dot is for
Graphviz (dot -Tsvg).`,
		Example: `  socpick rules graph > rules.mmd
  socpick rules graph --format dot | dot -Tsvg > rules.svg`,
		Args: noArgs,
		RunE: rc.loaded(func(cmd *cobra.Command, args []string) error { return runRulesGraph(opts) }),
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "mermaid", "diagram format: "+strings.Join(render.GraphFormats, " or "))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(render.GraphFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runRulesGraph(opts *rulesGraphOptions) error {
	if !slices.Contains(render.GraphFormats, opts.Format) {
		return usageErrorf("--format: unknown format %q (want %s)", opts.Format, strings.Join(render.GraphFormats, " or "))
	}
	return render.Graph(opts.IO.Out, opts.Format, opts.Ruleset)
}
