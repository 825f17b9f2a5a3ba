package cli

import (
	"io/fs"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/engine"
)

// embeddedName stands for the embedded default ruleset in messages: the
// directory it comes from in socpick's source, and what `rules export`
// writes.
const embeddedName = "rules"

// rulesContext is what every rules subcommand works on: the ruleset in
// use and the files it came from, filled in when the subcommand runs.
type rulesContext struct {
	IO      *IOStreams
	Ruleset *engine.Ruleset
	// FS holds the ruleset's files; Dir names them in messages: the
	// --rules directory, or "rules" for the embedded default.
	FS  fs.FS
	Dir string

	factory *Factory
}

// loaded wraps a subcommand's work: it loads the ruleset and runs only
// when it loaded.
func (rc *rulesContext) loaded(run func(cmd *cobra.Command, args []string) error) func(cmd *cobra.Command, args []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := rc.load(); err != nil {
			return err
		}
		return run(cmd, args)
	}
}

// load fills the context from the factory.
func (rc *rulesContext) load() error {
	rc.FS, rc.Dir = rc.factory.RulesFS()
	return rc.factory.loadInto(&rc.Ruleset)
}

// path names a file of the ruleset for a person: DIR/NAME.
func (rc *rulesContext) path(name string) string { return filepath.Join(rc.Dir, name) }

func newRulesCmd(f *Factory) *cobra.Command {
	ios := f.IO
	rc := &rulesContext{IO: ios, factory: f}
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "Export, validate, list, show, test, graph and upgrade the ruleset",
		Long: `The questions, rules and report catalog socpick decides with are YAML files:
the embedded default, or a directory given with --rules DIR. These commands
help own a ruleset like code: start from a copy of the default (export), check
it (validate), read it (list, show, graph), test it (test), and see how it
differs from a newer socpick's default (upgrade).

See docs/rules.md for the format and a worked example.`,
		Example: `  socpick rules export my-rules
  socpick --rules my-rules rules validate
  socpick --rules my-rules rules test --coverage
  socpick --rules my-rules advise --profile vendors/acme.yaml
  socpick rules upgrade my-rules`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newRulesExportCmd(ios))
	cmd.AddCommand(newRulesValidateCmd(rc))
	cmd.AddCommand(newRulesListCmd(rc))
	cmd.AddCommand(newRulesShowCmd(rc))
	cmd.AddCommand(newRulesTestCmd(rc))
	cmd.AddCommand(newRulesGraphCmd(rc))
	cmd.AddCommand(newRulesUpgradeCmd(ios))
	return cmd
}
