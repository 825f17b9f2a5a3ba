package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/buildinfo"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/strictyaml"
	"github.com/socpick/socpick/internal/textdiff"
	"github.com/socpick/socpick/rules"
)

// upgradeDefault names the embedded default's side in the diff's
// headers: not "rules", which may well be the name of the user's own
// directory too.
const upgradeDefault = "default"

type rulesUpgradeOptions struct {
	IO     *IOStreams
	Dir    string
	Format string
}

// upgradeFormats is the one format of rules upgrade, for --format's help
// and completion.
type upgradeFormats struct{}

func (upgradeFormats) Formats() []string { return []string{"text"} }
func (upgradeFormats) Want() string      { return "text (a unified diff)" }

func newRulesUpgradeCmd(ios *IOStreams) *cobra.Command {
	opts := &rulesUpgradeOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "upgrade DIR",
		Short: "Show how a ruleset directory differs from this version's default, to merge an upgrade",
		Long: `Show how the ruleset in DIR (a copy made with rules export, then edited)
differs from the embedded default of this version of socpick: a unified diff
per file, as diff -u writes it. A new socpick does not change your copy; this
shows what its default has that your copy lacks, beside your own changes.

Lines starting with - are in DIR only: your edits, or what the default has
since changed or dropped. Lines starting with + are in this version's default
only: what it added or changed, or what you removed. A file only in DIR (your
policy rules and tests) is shown removed, from DIR to /dev/null; a file only
in the default (new in this version) added. The *.yaml files at the top of
DIR are compared (other files, such as schemas, are left out); nothing is
written.

What to do with the diff: review each hunk; merge by hand into DIR the
changes of the default you want, keeping your own; then check the result
with socpick --rules DIR rules validate and socpick --rules DIR rules test,
and run rules upgrade again: what remains should be your own changes.
rules export NEW-DIR writes the whole default beside your copy, to copy
files from.`,
		Example: `  socpick rules upgrade my-rules
  socpick rules upgrade my-rules > upgrade.diff     # to read it in an editor or a pull request
  socpick rules upgrade my-rules && echo "my-rules is this version's default"
  socpick --rules my-rules rules validate && socpick --rules my-rules rules test`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("rules upgrade needs one ruleset DIR to compare with the default")
			}
			if args[0] == "" {
				return usageErrorf("rules upgrade needs a DIR, got an empty one (is the variable it came from unset?)")
			}
			opts.Dir = args[0]
			return runRulesUpgrade(opts)
		},
	}
	addFormatFlag(cmd, &opts.Format, "text", "output format", upgradeFormats{})
	return cmd
}

func runRulesUpgrade(opts *rulesUpgradeOptions) error {
	if opts.Format != "text" {
		return formatError(fmt.Errorf("unknown format %q (want text)", opts.Format))
	}
	dir := opts.Dir
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such directory (want a ruleset directory, such as one rules export wrote)", dir)
	case err != nil:
		return fmt.Errorf("%s: %w", dir, prose.Cause(err))
	case !fi.IsDir():
		return fmt.Errorf("%s: not a directory (want a ruleset directory, such as one rules export wrote)", dir)
	}
	mine, err := fs.Glob(os.DirFS(dir), "*.yaml")
	if err != nil {
		return err
	}
	theirs, err := fs.Glob(rules.FS, "*.yaml")
	if err != nil {
		return err
	}
	names := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(mine), theirs...))))

	var out strings.Builder
	var changed, onlyMine, onlyTheirs []string
	var errs []error
	for _, name := range names {
		inMine, inTheirs := slices.Contains(mine, name), slices.Contains(theirs, name)
		var have, def []byte
		oldName, newName := filepath.Join(dir, name), path.Join(upgradeDefault, name)
		if inMine {
			// Regular files only, through the size limit: a named pipe
			// in DIR must not hang the command.
			if have, err = strictyaml.ReadFile(os.DirFS(dir), name); err != nil {
				errs = append(errs, readError(dir, name, err))
				continue
			}
		} else {
			oldName = "/dev/null"
		}
		if inTheirs {
			if def, err = fs.ReadFile(rules.FS, name); err != nil {
				return err
			}
		} else {
			newName = "/dev/null"
		}
		d := textdiff.Unified(oldName, newName, have, def)
		switch {
		case !inTheirs:
			onlyMine = append(onlyMine, name)
		case !inMine:
			onlyTheirs = append(onlyTheirs, name)
		case d != "":
			changed = append(changed, name)
		}
		if d == "" && inMine != inTheirs { // an empty file on one side only
			d = fmt.Sprintf("--- %s\n+++ %s\n", oldName, newName)
		}
		out.WriteString(d)
	}
	if _, err := fmt.Fprint(opts.IO.Out, out.String()); err != nil {
		return err
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}

	version := buildinfo.Read().Version
	if len(changed)+len(onlyMine)+len(onlyTheirs) == 0 {
		fmt.Fprintf(opts.IO.ErrOut, "socpick: %s is the same as the default ruleset of socpick %s\n", dir, version)
		return nil
	}
	var parts []string
	if len(changed) > 0 {
		parts = append(parts, fmt.Sprintf("%d changed", len(changed)))
	}
	if len(onlyMine) > 0 {
		parts = append(parts, fmt.Sprintf("%d only in %s", len(onlyMine), dir))
	}
	if len(onlyTheirs) > 0 {
		parts = append(parts, fmt.Sprintf("%d only in the default", len(onlyTheirs)))
	}
	fmt.Fprintf(opts.IO.ErrOut, "socpick: %s differs from the default ruleset of socpick %s in %s (%s); review the diff, merge by hand what you want of the default, then run: socpick --rules %s rules validate && socpick --rules %s rules test\n",
		dir, version, prose.Plural(len(changed)+len(onlyMine)+len(onlyTheirs), "file"), strings.Join(parts, ", "), shellArg(dir), shellArg(dir))
	return &reportedError{code: ExitFindings, what: "the ruleset differs from the default"}
}

// readError says why a file of DIR could not be read, named DIR/NAME.
func readError(dir, name string, err error) error {
	if probs, ok := err.(*strictyaml.Problems); ok {
		probs.File = filepath.Join(dir, name)
		return probs
	}
	return fmt.Errorf("%s: %w", filepath.Join(dir, name), prose.Cause(err))
}
