package cli

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/rules"
)

// embeddedName stands for the embedded default ruleset in messages: the
// directory it comes from in socpick's source, and what `rules export`
// writes.
const embeddedName = "rules"

// rulesContext is what every rules subcommand works on: the ruleset in
// use (or why it did not load) and the files it came from.
type rulesContext struct {
	IO      *IOStreams
	Ruleset *engine.Ruleset
	Err     error
	// FS holds the ruleset's files; Dir names them in messages: the
	// --rules directory, or "rules" for the embedded default.
	FS  fs.FS
	Dir string
}

// loaded wraps a subcommand's work: it runs only when the ruleset loaded.
func (rc *rulesContext) loaded(run func(cmd *cobra.Command, args []string) error) func(cmd *cobra.Command, args []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if rc.Err != nil {
			return rc.Err
		}
		return run(cmd, args)
	}
}

// path names a file of the ruleset for a person: DIR/NAME.
func (rc *rulesContext) path(name string) string { return filepath.Join(rc.Dir, name) }

func newRulesCmd(ios *IOStreams, rs *engine.Ruleset, rulesErr error, rulesDir string) *cobra.Command {
	rc := &rulesContext{IO: ios, Ruleset: rs, Err: rulesErr, FS: rules.FS, Dir: embeddedName}
	if rulesDir != "" {
		rc.FS, rc.Dir = os.DirFS(rulesDir), rulesDir
	}
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "Export, validate, list, show, test and graph the ruleset",
		Long: `The questions, rules and report catalog socpick decides with are YAML files:
the embedded default, or a directory given with --rules DIR. These commands
help own a ruleset like code: start from a copy of the default (export), check
it (validate), read it (list, show, graph) and test it (test).

See docs/rules.md for the format and a worked example.`,
		Example: `  socpick rules export my-rules
  socpick --rules my-rules rules validate
  socpick --rules my-rules rules test --coverage
  socpick --rules my-rules advise --profile vendors/acme.yaml`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newRulesExportCmd(ios))
	cmd.AddCommand(newRulesValidateCmd(rc))
	cmd.AddCommand(newRulesListCmd(rc))
	cmd.AddCommand(newRulesShowCmd(rc))
	cmd.AddCommand(newRulesTestCmd(rc))
	cmd.AddCommand(newRulesGraphCmd(rc))
	return cmd
}
