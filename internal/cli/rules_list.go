package cli

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/soc"
)

type rulesListOptions struct {
	*rulesContext
	Format string
}

// ruleJSON is a rule as `rules list --format json` and `rules show
// --format json` write it.
type ruleJSON struct {
	ID           string            `json:"id"`
	Description  string            `json:"description,omitempty"`
	File         string            `json:"file"`
	Line         int               `json:"line"`
	When         string            `json:"when"`
	Reads        []string          `json:"reads"`
	Priority     int               `json:"priority"`
	Recommend    []string          `json:"recommend,omitempty"`
	Exclude      []string          `json:"exclude,omitempty"`
	Type         map[string]string `json:"type,omitempty"`
	Interim      []string          `json:"interim,omitempty"`
	Criteria     []string          `json:"criteria,omitempty"`
	AlsoConsider []string          `json:"also_consider,omitempty"`
	Note         bool              `json:"note,omitempty"`
	NextSteps    []string          `json:"next_steps,omitempty"`
	Reason       string            `json:"reason,omitempty"`
	Source       string            `json:"source"`
}

func newRuleJSON(r *engine.Rule, file string) ruleJSON {
	j := ruleJSON{
		ID: r.ID, Description: r.Description, File: file, Line: r.Pos.Line, When: prose.OneLine(r.When), Reads: r.Reads,
		Priority: r.Priority, Recommend: r.Recommend, Exclude: r.Exclude, Interim: r.Interim, Criteria: r.Criteria,
		AlsoConsider: r.AlsoConsider, Note: r.Note, Source: r.Source,
	}
	if len(r.Type) > 0 {
		j.Type = r.Type
	}
	if r.Reason != nil {
		j.Reason = prose.OneLine(r.Reason.Text)
	}
	for _, t := range r.NextSteps {
		j.NextSteps = append(j.NextSteps, prose.OneLine(t.Text))
	}
	if j.Reads == nil {
		j.Reads = []string{}
	}
	return j
}

// outcomes says in a few words what a rule decides: "recommend soc1",
// "type soc2=type2 (priority 10)".
func outcomes(r *engine.Rule) string {
	var parts []string
	add := func(label string, ids []string) {
		if len(ids) > 0 {
			parts = append(parts, label+" "+strings.Join(ids, ","))
		}
	}
	add("recommend", r.Recommend)
	add("exclude", r.Exclude)
	if len(r.Type) > 0 {
		var ts []string
		for _, rep := range soc.Reports {
			if t, ok := r.Type[rep]; ok {
				ts = append(ts, rep+"="+t)
			}
		}
		parts = append(parts, fmt.Sprintf("type %s (priority %d)", strings.Join(ts, ","), r.Priority))
	}
	add("interim", r.Interim)
	add("criteria", r.Criteria)
	add("also-consider", r.AlsoConsider)
	if r.Note {
		parts = append(parts, "note")
	}
	if len(r.NextSteps) > 0 {
		parts = append(parts, "next steps")
	}
	return strings.Join(parts, "; ")
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
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runRulesList(opts *rulesListOptions) error {
	rs := opts.Ruleset
	switch opts.Format {
	case "json":
		list := make([]ruleJSON, len(rs.Rules))
		for i, r := range rs.Rules {
			list[i] = newRuleJSON(r, opts.path(r.File))
		}
		return writeJSON(opts.IO, list)
	case "text":
		width := 0
		for _, r := range rs.Rules {
			width = max(width, len(r.ID))
		}
		w := &strings.Builder{}
		file := ""
		for _, r := range rs.Rules {
			if r.File != file {
				if file != "" {
					w.WriteByte('\n')
				}
				file = r.File
				fmt.Fprintf(w, "%s\n", opts.path(file))
			}
			fmt.Fprintf(w, "  %-*s  %s\n", width, r.ID, outcomes(r))
		}
		fmt.Fprintf(w, "\n%d rules; 'socpick rules show ID' shows one whole.\n", len(rs.Rules))
		_, err := fmt.Fprint(opts.IO.Out, w.String())
		return err
	}
	return usageErrorf("--format: unknown format %q (want text or json)", opts.Format)
}

func writeJSON(ios *IOStreams, v any) error {
	enc := json.NewEncoder(ios.Out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
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
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if rc.load() != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var ids []cobra.Completion
			for _, r := range rc.Ruleset.Rules {
				ids = append(ids, r.ID)
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text or json")
	return cmd
}

func runRulesShow(opts *rulesShowOptions) error {
	rs := opts.Ruleset
	i := slices.IndexFunc(rs.Rules, func(r *engine.Rule) bool { return r.ID == opts.ID })
	if i < 0 {
		hint := prose.Suggest(opts.ID, rs.RuleIDs())
		if hint == "" && opts.Dir == embeddedName {
			hint = " in the embedded default ruleset (yours is read with --rules DIR)"
		}
		return usageErrorf("no rule %q%s ('socpick rules list' lists them)", opts.ID, hint)
	}
	r := rs.Rules[i]
	switch opts.Format {
	case "json":
		return writeJSON(opts.IO, newRuleJSON(r, opts.path(r.File)))
	case "text":
	default:
		return usageErrorf("--format: unknown format %q (want text or json)", opts.Format)
	}
	w := &strings.Builder{}
	fmt.Fprintf(w, "%s  (%s:%d, rule %d of %d)\n", r.ID, opts.path(r.File), r.Pos.Line, i+1, len(rs.Rules))
	if r.Description != "" {
		fmt.Fprintf(w, "  %s\n", r.Description)
	}
	fmt.Fprintf(w, "\nwhen:     %s\n", prose.OneLine(r.When))
	reads := make([]string, 0, len(r.Reads))
	for _, k := range r.Reads {
		if q := rs.Questions.Lookup(k); q != nil {
			reads = append(reads, fmt.Sprintf("%s (%s)", k, q.Prompt))
		} else {
			reads = append(reads, k+" (the recommended reports)")
		}
	}
	if len(reads) > 0 {
		fmt.Fprintf(w, "reads:    %s\n", strings.Join(reads, "\n          "))
	}
	fmt.Fprintf(w, "outcome:  %s\n", outcomes(r))
	if r.Reason != nil {
		fmt.Fprintf(w, "reason:   %s\n", prose.OneLine(r.Reason.Text))
	}
	for _, t := range r.NextSteps {
		fmt.Fprintf(w, "next:     %s\n", prose.OneLine(t.Text))
	}
	fmt.Fprintf(w, "source:   %s\n", r.Source)
	_, err := fmt.Fprint(opts.IO.Out, w.String())
	return err
}
