package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
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
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

type questionJSON struct {
	Key     string                 `json:"key"`
	Flag    string                 `json:"flag"`
	Kind    string                 `json:"kind"`
	Prompt  string                 `json:"prompt"`
	Help    string                 `json:"help"`
	Options []questionnaire.Option `json:"options,omitempty"`
	Min     *int                   `json:"min,omitempty"`
	Max     *int                   `json:"max,omitempty"`
	Default any                    `json:"default,omitempty"`
	AskIf   string                 `json:"ask_if,omitempty"`
}

func runQuestions(opts *questionsOptions) error {
	qs := opts.Ruleset.Questions
	switch opts.Format {
	case "json":
		doc := struct {
			APIVersion string         `json:"apiVersion"`
			Kind       string         `json:"kind"`
			Questions  []questionJSON `json:"questions"`
		}{APIVersion: soc.APIVersion, Kind: soc.KindQuestionnaire}
		for _, q := range qs.Questions {
			doc.Questions = append(doc.Questions, questionJSON{
				Key: q.Key, Flag: "--" + q.Flag(), Kind: q.Kind, Prompt: q.Prompt, Help: q.Help,
				Options: q.Options, Min: q.Min, Max: q.Max, Default: q.Default, AskIf: q.AskIf,
			})
		}
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(doc)
	case "text":
		var b strings.Builder
		for i, q := range qs.Questions {
			if i > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "%d. %s  --%s %s\n", i+1, q.Key, q.Flag(), q.Placeholder())
			fmt.Fprintf(&b, "   %s\n", q.Prompt)
			for _, o := range q.Options {
				desc := o.Label
				if o.Description != "" {
					desc += ": " + o.Description
				}
				fmt.Fprintf(&b, "     %-18s %s\n", o.Value, desc)
			}
			if q.Kind == questionnaire.KindInteger {
				fmt.Fprintf(&b, "   %s\n", q.Allowed())
			}
			if q.Kind == questionnaire.KindList {
				b.WriteString("   several values, comma-separated\n")
			}
			if q.AskIf != "" {
				fmt.Fprintf(&b, "   asked only when %s\n", q.AskIf)
			}
		}
		_, err := fmt.Fprint(opts.IO.Out, b.String())
		return err
	}
	return usageErrorf("--format: unknown format %q (want text or json)", opts.Format)
}
