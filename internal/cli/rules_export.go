package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/safewrite"
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
files of the same names and leaves the others. Every file is written or
none: on any failure DIR is left as it was. A link in DIR is replaced,
never written through; a directory or other special file in the way is
refused.`,
		Example: `  socpick rules export my-rules
  socpick --rules my-rules advise --profile vendors/acme.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("rules export needs one DIR to write to")
			}
			if args[0] == "" {
				return usageErrorf("rules export needs a DIR to write to, got an empty one (is the variable it came from unset?)")
			}
			opts.Dir = args[0]
			return runRulesExport(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "write into a DIR that is not empty, overwriting files of the same names")
	return cmd
}

func runRulesExport(opts *rulesExportOptions) error {
	names, err := fs.Glob(rules.FS, "*.yaml")
	if err != nil {
		return err
	}
	files := make([]exportFile, len(names))
	for i, name := range names {
		data, err := fs.ReadFile(rules.FS, name)
		if err != nil {
			return err
		}
		files[i] = exportFile{path: filepath.Join(opts.Dir, name), data: data}
	}
	var made []string
	entries, err := os.ReadDir(opts.Dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if made, err = makeDir(opts.Dir); err != nil {
			return fmt.Errorf("%s: cannot create the directory: %w", opts.Dir, prose.Cause(err))
		}
	case err != nil:
		return fmt.Errorf("%s: not a directory I can write to: %w", opts.Dir, prose.Cause(err))
	case len(entries) > 0 && !opts.Force:
		return fmt.Errorf("%s is not empty: export into a new or empty directory, or add --force to overwrite the files of the same names", opts.Dir)
	}
	if err := writeAll(files); err != nil {
		for _, d := range made {
			os.Remove(d) // only when empty: nothing of anyone else's goes
		}
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "socpick: wrote %d files to %s; use them with: socpick --rules %s ...\n", len(names), opts.Dir, opts.Dir)
	return nil
}

// exportFile is a file rules export writes, and how far it got.
type exportFile struct {
	path string
	data []byte
	// tmp is the temporary holding data, beside path; backup a second
	// name of the file path held before, kept until every file is in
	// place; "" when there is none.
	tmp, backup string
}

// Seams for tests: a full disk, a rename that fails half way.
var (
	writeExportTemp = writeTemp
	renameExport    = os.Rename
)

// writeAll puts every file in place, or none: nothing is written through
// a link (a link is replaced, its target left alone) nor onto anything
// that is not a regular file, and on any failure the directory is left
// as it was. Every file is first written to a temporary beside it and
// synced; only then are they renamed into place, each replaced file kept
// under a second name (a hard link) until all are in, so that a rename
// failing half way can put the old files back.
func writeAll(files []exportFile) error {
	defer func() {
		for _, f := range files {
			if f.tmp != "" {
				os.Remove(f.tmp)
			}
			if f.backup != "" {
				os.Remove(f.backup)
			}
		}
	}()
	for _, f := range files {
		fi, err := os.Lstat(f.path)
		if err == nil && !fi.Mode().IsRegular() && fi.Mode()&fs.ModeSymlink == 0 {
			return fmt.Errorf("%s: it is %s, not a regular file; move it away, or export into another directory (nothing was written)", f.path, prose.FileKind(fi.Mode()))
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: %w (nothing was written)", f.path, prose.Cause(err))
		}
	}
	for i := range files {
		f := &files[i]
		var err error
		if f.tmp, err = writeExportTemp(filepath.Dir(f.path), f.data); err == nil {
			err = safewrite.KeepMode(f.tmp, f.path) // a file replaced keeps its permissions
		}
		if err != nil {
			return fmt.Errorf("cannot write %s: %w (nothing was written)", f.path, prose.Cause(err))
		}
		f.backup = f.tmp + ".old"
		if err := os.Link(f.path, f.backup); errors.Is(err, fs.ErrNotExist) {
			f.backup = "" // nothing there to keep
		} else if err != nil {
			f.backup = ""
			return fmt.Errorf("cannot keep %s while it is replaced: %w (nothing was written)", f.path, prose.Cause(err))
		}
	}
	for i := range files {
		f := &files[i]
		if err := renameExport(f.tmp, f.path); err != nil {
			return fmt.Errorf("cannot write %s: %w%s", f.path, prose.Cause(err), undo(files[:i]))
		}
		f.tmp = ""
	}
	return nil
}

// undo puts back what the files already renamed into place replaced, and
// says how that went.
func undo(done []exportFile) string {
	var failed []string
	for i := range done {
		f := &done[i]
		if f.backup == "" {
			if err := os.Remove(f.path); err != nil {
				failed = append(failed, f.path+" is new")
			}
		} else if err := os.Rename(f.backup, f.path); err != nil {
			failed = append(failed, fmt.Sprintf("%s is new, the old one is %s", f.path, f.backup))
		}
		f.backup = "" // put back, or the only copy left: kept either way
	}
	if len(failed) > 0 {
		return fmt.Sprintf("; not all could be put back as it was: %s", prose.JoinList(failed, "and"))
	}
	return " (nothing was changed)"
}

// writeTemp writes data to a new temporary file in dir, synced, with the
// permissions of a new file of the user's (see safewrite.CreateTemp), and
// returns its name.
func writeTemp(dir string, data []byte) (string, error) {
	tmp, err := safewrite.CreateTemp(dir, ".socpick-", ".tmp")
	if err != nil {
		return "", err
	}
	if err := safewrite.Fill(tmp, data); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return tmp.Name(), nil
}

// makeDir makes dir and the parents it lacks, and returns those it made,
// deepest first, so that a failed export can take them away again.
func makeDir(dir string) ([]string, error) {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); !errors.Is(err, fs.ErrNotExist) {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	return missing, os.MkdirAll(dir, 0o755)
}
