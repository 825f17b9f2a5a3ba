package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/safewrite"
	"github.com/socpick/socpick/internal/strictyaml"
	"github.com/socpick/socpick/rules"
)

type rulesExportOptions struct {
	IO  *IOStreams
	Dir string
	// Force counts --force: once writes into a DIR that is not empty;
	// twice also overwrites, unasked, files that differ from the default
	// (edited since the last export).
	Force int
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
files of the same names and leaves the others. Files you edited (those that
differ from what would be written) are listed first: on a terminal socpick
asks before overwriting them; elsewhere it refuses unless --force is given
twice (--force --force). Files the same as the default's are rewritten
without a word. Every file is written or none: on any failure DIR is left as
it was. A link in DIR is replaced, never written through (its target keeps
what it holds); a directory or other special file in the way is refused.

To see how a DIR you edited differs from this version's default before
overwriting anything, run socpick rules upgrade DIR.`,
		Example: `  socpick rules export my-rules
  socpick --rules my-rules advise --profile vendors/acme.yaml
  socpick rules export my-rules --force            # asks before overwriting your edits
  socpick rules export my-rules --force --force    # overwrites them unasked (CI)`,
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
	cmd.Flags().CountVar(&opts.Force, "force", "write into a DIR that is not empty, overwriting files of the same names; twice to overwrite files you edited without asking")
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
	case len(entries) > 0 && opts.Force == 0:
		return fmt.Errorf("%s is not empty: export into a new or empty directory, or add --force to overwrite the files of the same names", opts.Dir)
	}
	if err := checkInTheWay(files); err != nil {
		return err
	}
	if edited := editedFiles(files); len(edited) > 0 && opts.Force < 2 {
		if err := confirmOverwrite(opts, edited); err != nil {
			return err
		}
	}
	if err := writeAll(files); err != nil {
		for _, d := range made {
			os.Remove(d) // only when empty: nothing of anyone else's goes
		}
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "socpick: wrote %d files to %s; use them with: socpick --rules %s ...\n", len(names), opts.Dir, shellArg(opts.Dir))
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
	// Again: something may have moved in since it was first looked at.
	if err := checkInTheWay(files); err != nil {
		return err
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

// checkInTheWay refuses a directory, named pipe, device or socket where a
// file is to go: whatever --force says, and before anything is written.
func checkInTheWay(files []exportFile) error {
	for _, f := range files {
		fi, err := os.Lstat(f.path)
		if err == nil && !fi.Mode().IsRegular() && fi.Mode()&fs.ModeSymlink == 0 {
			return fmt.Errorf("%s: it is %s, not a regular file; move it away, or export into another directory (nothing was written)", f.path, prose.FileKind(fi.Mode()))
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: %w (nothing was written)", f.path, prose.Cause(err))
		}
	}
	return nil
}

// editedFiles lists the files that would be overwritten with other
// contents: the user's edits, which --force alone must not lose unasked.
// A file that cannot be read counts (what it holds is unknown); a link
// does not: it is replaced, and its target keeps what it holds.
func editedFiles(files []exportFile) []exportFile {
	var edited []exportFile
	for _, f := range files {
		fi, err := os.Lstat(f.path)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		have, err := strictyaml.ReadFile(os.DirFS(filepath.Dir(f.path)), filepath.Base(f.path))
		if err != nil || !bytes.Equal(have, f.data) {
			edited = append(edited, f)
		}
	}
	return edited
}

// confirmOverwrite lists the edited files export would overwrite and asks
// on a terminal whether to; without one, it refuses: --force twice says
// yes in advance.
func confirmOverwrite(opts *rulesExportOptions, edited []exportFile) error {
	names := make([]string, len(edited))
	for i, f := range edited {
		names[i] = filepath.Base(f.path)
	}
	what := fmt.Sprintf("would overwrite %s: %s", prose.Plural(len(edited), "edited file"), strings.Join(names, ", "))
	them, they := "them", "they differ"
	if len(edited) == 1 {
		them, they = "it", "it differs"
	}
	p := opts.IO.Prompter()
	if p == nil {
		return fmt.Errorf("%s: %s; to overwrite %s, give --force twice (--force --force); to keep %s, export into another directory (socpick rules upgrade %s shows how %s from the default)",
			opts.Dir, what, them, them, opts.Dir, they)
	}
	fmt.Fprintf(opts.IO.ErrOut, "socpick: %s: %s (socpick rules upgrade %s shows how %s from the default)\n", opts.Dir, what, opts.Dir, they)
	yes, err := p.Confirm("Overwrite "+them+" with the default's?", false)
	if err != nil {
		return cancelled(err)
	}
	if !yes {
		fmt.Fprintln(opts.IO.ErrOut, "socpick: nothing was written")
		return ErrCancelled
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
