package cli

import (
	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/render"
)

type rulesListOptions struct {
	*rulesContext
	Format string
}

func newRulesListCmd(rc *rulesContext) *cobra.Command {
	opts := &rulesListOptions{rulesContext: rc}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the rules in evaluation order, with what each decides",
		Example: `  socpick rules list
  socpick rules list --format json | jq -r '.[].id'`,
		Args: noArgs,
		RunE: rc.loaded(func(cmd *cobra.Command, args []string) error { return runRulesList(opts) }),
	}
	addFormatFlag(cmd, &opts.Format, "text", "output format", render.RulesOutput)
	return cmd
}

func runRulesList(opts *rulesListOptions) error {
	list, err := render.RulesOutput.Get(opts.Format, opts.IO.renderOptions())
	if err != nil {
		return formatError(err)
	}
	return list.Rules(opts.IO.Out, render.Rules{Ruleset: opts.Ruleset, Dir: opts.Dir})
}

type rulesShowOptions struct {
	*rulesContext
	ID     string
	Format string
}

func newRulesShowCmd(rc *rulesContext) *cobra.Command {
	opts := &rulesShowOptions{rulesContext: rc}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one rule: its condition, outcomes, reason, source and the questions it reads",
		Example: `  socpick rules show soc1-financial-impact
  socpick rules show soc1-financial-impact --format json`,
		RunE: rc.loaded(func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("rules show needs one rule ID ('socpick rules list' lists them)")
			}
			opts.ID = args[0]
			return runRulesShow(opts)
		}),
	}
	addFormatFlag(cmd, &opts.Format, "text", "output format", render.RulesOutput)
	return cmd
}

func runRulesShow(opts *rulesShowOptions) error {
	rs := opts.Ruleset
	r := rs.Rule(opts.ID)
	if r == nil {
		hint := prose.Suggest(opts.ID, rs.RuleIDs())
		if hint == "" && opts.Dir == embeddedName {
			hint = " in the embedded default ruleset (yours is read with --rules DIR)"
		}
		return usageErrorf("no rule %q%s ('socpick rules list' lists them)", opts.ID, hint)
	}
	show, err := render.RulesOutput.Get(opts.Format, opts.IO.renderOptions())
	if err != nil {
		return formatError(err)
	}
	return show.Rule(opts.IO.Out, render.Rules{Ruleset: rs, Dir: opts.Dir}, r)
}
