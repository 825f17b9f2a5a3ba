package cli

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/render"
	"github.com/socpick/socpick/internal/schema"
)

// schemaTargets are the files `socpick schema` describes, each with its
// schema.
var schemaTargets = []struct {
	name     string
	generate func(rs *engine.Ruleset) *schema.Schema
}{
	{"profile", func(rs *engine.Ruleset) *schema.Schema { return schema.Profile(rs.Questions, rs.Catalog) }},
	{"rules", func(rs *engine.Ruleset) *schema.Schema { return schema.Rules(rs.Questions, rs.Catalog, rs.Sources) }},
}

func schemaTargetNames() []string {
	names := make([]string, len(schemaTargets))
	for i, t := range schemaTargets {
		names[i] = t.name
	}
	return names
}

type schemaOptions struct {
	IO      *IOStreams
	Ruleset *engine.Ruleset
	// Target is "profile" or "rules".
	Target string
}

func newSchemaCmd(f *Factory) *cobra.Command {
	opts := &schemaOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "schema profile|rules",
		Short: "Print the JSON Schema of vendor profiles or rule files, for editors",
		Long: `Print a JSON Schema (draft 2020-12) for vendor profiles (profile) or for the
*.rules.yaml files of a ruleset (rules). An editor with a YAML language server
(yaml-language-server: VS Code's YAML extension, Neovim, Helix ...) then
checks the file as you type and completes keys and values, with each
question's prompt and help as hover text.

The schema is generated from the ruleset in use: with --rules DIR, the
profile schema has that ruleset's answer keys and values. Save it next to
your profiles and name it on the first line of each file:

  # yaml-language-server: $schema=./socpick-profile.schema.json

The schema catches unknown keys, values outside the allowed sets, wrong
types and malformed dates; socpick itself still checks what a schema cannot
say (a period that ends before it starts, a rule condition that does not
compile), so run socpick check or socpick rules validate too.`,
		Example: `  socpick schema profile > socpick-profile.schema.json
  socpick schema rules > socpick-rules.schema.json
  socpick --rules my-rules schema profile > socpick-profile.schema.json`,
		Args:      schemaArgs,
		ValidArgs: schemaTargetNames(),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.loadInto(&opts.Ruleset); err != nil {
				return err
			}
			opts.Target = args[0]
			return runSchema(opts)
		},
	}
	return cmd
}

// schemaArgs accepts exactly one target, and says which there are.
func schemaArgs(cmd *cobra.Command, args []string) error {
	names := schemaTargetNames()
	want := prose.JoinList(names, "or")
	switch {
	case len(args) == 0:
		return usageErrorf("%s needs to know which schema: %s", cmd.CommandPath(), want)
	case len(args) > 1:
		return usageErrorf("%s prints one schema at a time, got %s (want %s)", cmd.CommandPath(), strings.Join(args, " "), want)
	case !slices.Contains(names, args[0]):
		return unknownTarget(args[0])
	}
	return nil
}

func unknownTarget(target string) error {
	names := schemaTargetNames()
	return usageErrorf("unknown schema %q (want %s)%s", target, prose.JoinList(names, "or"), prose.Suggest(target, names))
}

// runSchema writes the schema of opts.Target for opts.Ruleset to
// opts.IO.Out.
func runSchema(opts *schemaOptions) error {
	for _, t := range schemaTargets {
		if t.name == opts.Target {
			return render.WriteJSON(opts.IO.Out, t.generate(opts.Ruleset))
		}
	}
	return unknownTarget(opts.Target)
}
