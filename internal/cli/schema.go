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
	{"tests", schema.Tests},
	{"questions", func(*engine.Ruleset) *schema.Schema { return schema.Questions() }},
	{"catalog", func(rs *engine.Ruleset) *schema.Schema { return schema.Catalog(rs.Sources) }},
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
	// Target names one of schemaTargets.
	Target string
}

func newSchemaCmd(f *Factory) *cobra.Command {
	opts := &schemaOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "schema profile|rules|tests|questions|catalog",
		Short: "Print the JSON Schema of vendor profiles or a ruleset's files, for editors",
		Long: `Print a JSON Schema (draft 2020-12) of one kind of file:

  profile     vendor profiles
  rules       the *.rules.yaml files of a ruleset
  tests       the *.test.yaml files of a ruleset (kind RuleTests)
  questions   a ruleset's questions.yaml
  catalog     a ruleset's catalog.yaml

An editor with a YAML language server (yaml-language-server: VS Code's YAML
extension, Neovim, Helix ...) then checks the file as you type and completes
keys and values, with each question's prompt and help as hover text.

The schema is generated from the ruleset in use: with --rules DIR, the
profile and tests schemas have that ruleset's answer keys and values, and
the rules, tests and catalog schemas its ids (rules, also-consider items,
sources). Save each as a file named for it (socpick-profile.schema.json,
socpick-tests.schema.json ...) next to the files it checks, and name it on
the first line of each file:

  # yaml-language-server: $schema=./socpick-profile.schema.json

The schema catches unknown keys, values outside the allowed sets, wrong
types and malformed dates; socpick itself still checks what a schema cannot
say (a period that ends before it starts, a rule condition that does not
compile, a case that leaves a question unanswered), so run socpick check,
socpick rules validate and socpick rules test too.`,
		Example: `  socpick schema profile > socpick-profile.schema.json
  socpick schema rules > socpick-rules.schema.json
  socpick --rules my-rules schema tests > my-rules/socpick-tests.schema.json
  socpick --rules my-rules schema questions > my-rules/socpick-questions.schema.json
  socpick --rules my-rules schema catalog > my-rules/socpick-catalog.schema.json
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
