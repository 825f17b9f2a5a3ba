package cli

import (
	"github.com/spf13/cobra"

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
		Example: `  socpick questions
  socpick questions --format json | jq '.questions[].key'`,
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
	list, err := render.QuestionsOutput.Get(opts.Format, opts.IO.renderOptions())
	if err != nil {
		return formatError(err)
	}
	return list.Questions(opts.IO.Out, opts.Ruleset.Questions)
}
