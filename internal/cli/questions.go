package cli

import (
	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/render"
)

type questionsOptions struct {
	IO      *IOStreams
	Ruleset *engine.Ruleset
	Format  string
}

func newQuestionsCmd(f *Factory) *cobra.Command {
	opts := &questionsOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "questions",
		Short: "List the questions, their answer keys, flags and allowed values",
		Long: `List the questions socpick asks, with each one's answer key (in a profile's
answers block), flag (for advise) and allowed values.

--format yaml prints a vendor profile to fill in instead, every question a
comment above its key: the same file socpick init writes.`,
		Example: `  socpick questions
  socpick questions --format json | jq '.questions[].key'
  socpick questions --format yaml > vendors/acme.yaml`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.loadInto(&opts.Ruleset); err != nil {
				return err
			}
			return runQuestions(opts)
		},
	}
	addFormatFlag(cmd, &opts.Format, "text", "output format", render.QuestionsOutput)
	return cmd
}

func runQuestions(opts *questionsOptions) error {
	ro := opts.IO.renderOptions()
	ro.Today = calendar.Today()
	list, err := render.QuestionsOutput.Get(opts.Format, ro)
	if err != nil {
		return formatError(err)
	}
	return list.Questions(opts.IO.Out, opts.Ruleset.Questions)
}
