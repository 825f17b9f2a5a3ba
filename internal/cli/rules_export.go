package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/rules"
)

type rulesExportOptions struct {
	IO    *IOStreams
	Dir   string
	Force bool
}

func newRulesExportCmd(ios *IOStreams) *cobra.Command {
	opts := &rulesExportOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "export DIR",
		Short: "Write the embedded default ruleset to DIR, as a starting point",
		Long: `Write the embedded default ruleset (questions.yaml, catalog.yaml, the
*.rules.yaml files and their *.test.yaml cases) to DIR, created if need be.
Advice with --rules DIR is then the same as with the default, until you change
it. A DIR that is not empty is refused unless --force, which overwrites the
files of the same names and leaves the others.`,
		Example: `  socpick rules export my-rules
  socpick --rules my-rules advise --profile vendors/acme.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("rules export needs one DIR to write to")
			}
			opts.Dir = args[0]
			return runRulesExport(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "write into a DIR that is not empty, overwriting files of the same names")
	return cmd
}

func runRulesExport(opts *rulesExportOptions) error {
	entries, err := os.ReadDir(opts.Dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
			return fmt.Errorf("%s: cannot create the directory: %w", opts.Dir, prose.Cause(err))
		}
	case err != nil:
		return fmt.Errorf("%s: not a directory I can write to: %w", opts.Dir, prose.Cause(err))
	case len(entries) > 0 && !opts.Force:
		return fmt.Errorf("%s is not empty: export into a new or empty directory, or add --force to overwrite the files of the same names", opts.Dir)
	}
	names, err := fs.Glob(rules.FS, "*.yaml")
	if err != nil {
		return err
	}
	for _, name := range names {
		data, err := fs.ReadFile(rules.FS, name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(opts.Dir, name), data, 0o644); err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(opts.Dir, name), prose.Cause(err))
		}
	}
	fmt.Fprintf(opts.IO.ErrOut, "socpick: wrote %d files to %s; use them with: socpick --rules %s ...\n", len(names), opts.Dir, opts.Dir)
	return nil
}
