package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/prose"
)

// yamlFiles completes profile names: YAML files, and directories to find
// them in.
func yamlFiles(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return []cobra.Completion{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
}

// dirs completes ruleset directories.
func dirs(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// addCompletions completes the flags and arguments whose values socpick
// knows: files by kind, directories, rule ids and answer keys of the
// ruleset in use. The format flags and the question flags complete where
// they are defined.
func addCompletions(root *cobra.Command, f *Factory) {
	flags := map[string]map[string]cobra.CompletionFunc{
		"socpick":             {"rules": dirs},
		"socpick advise":      {"profile": yamlFiles, "save": yamlFiles},
		"socpick diff":        {"rules-a": dirs, "rules-b": dirs},
		"socpick check":       {"output": outputCompletion},
		"socpick rules graph": {"rule": ruleIDs(f), "question": answerKeys(f)},
	}
	args := map[string]cobra.CompletionFunc{
		"socpick check":        yamlFiles,
		"socpick diff":         yamlFiles,
		"socpick init":         yamlFiles,
		"socpick rules export": dirs,
		"socpick rules show":   ruleIDs(f),
	}
	eachCommand(root, func(c *cobra.Command) {
		for name, fn := range flags[c.CommandPath()] {
			_ = c.RegisterFlagCompletionFunc(name, fn)
		}
		if fn, ok := args[c.CommandPath()]; ok {
			c.ValidArgsFunction = fn
		}
	})
}

// ruleIDs completes the ids of the rules of the ruleset in use.
func ruleIDs(f *Factory) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		rs, err := f.Ruleset()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ids := make([]cobra.Completion, 0, len(rs.Rules))
		for _, r := range rs.Rules {
			ids = append(ids, cobra.CompletionWithDesc(r.ID, prose.OneLine(r.Description)))
		}
		return ids, cobra.ShellCompDirectiveNoFileComp
	}
}

// answerKeys completes the answer keys of the ruleset in use.
func answerKeys(f *Factory) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		rs, err := f.Ruleset()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		keys := make([]cobra.Completion, 0, len(rs.Questions.Questions))
		for _, q := range rs.Questions.Questions {
			keys = append(keys, cobra.CompletionWithDesc(q.Key, q.Prompt))
		}
		return keys, cobra.ShellCompDirectiveNoFileComp
	}
}

// outputCompletion completes --output FORMAT=FILE: the formats, then the
// file.
func outputCompletion(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if strings.Contains(toComplete, "=") {
		return nil, cobra.ShellCompDirectiveDefault
	}
	fl := cmd.Flags().Lookup("format")
	if fl == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	formats, _ := cmd.GetFlagCompletionFunc("format")
	if formats == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	names, _ := formats(cmd, nil, "")
	out := make([]cobra.Completion, len(names))
	for i, n := range names {
		out[i] = n + "="
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}
