package cli

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/socpick/socpick/internal/prompt/prompttest"
	"github.com/socpick/socpick/rules"
)

// snapshot is what a directory holds: each name with its contents, or
// "-> TARGET" for a link, or "<dir>".
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		switch {
		case e.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			m[e.Name()] = "-> " + target
		case e.IsDir():
			m[e.Name()] = "<dir>"
		default:
			b, _ := os.ReadFile(p)
			m[e.Name()] = string(b)
		}
	}
	return m
}

// userRulesDir is a directory of rules a user has changed: a file of the
// export's names holds the user's text, and one the user added.
func userRulesDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"questions.yaml": "mine\n", "10-reports.rules.yaml": "mine too\n", "90-policy.rules.yaml": "policy\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// export runs rules export into dir with --force given force times, with
// no terminal.
func export(t *testing.T, dir string, force int) (string, error) {
	t.Helper()
	ios, _, errOut := bufferStreams("")
	err := runRulesExport(&rulesExportOptions{IO: ios, Dir: dir, Force: force})
	return errOut.String(), err
}

// TestExportReplacesALink: a link planted in the directory is replaced by
// the file; the file it points to, outside, is left alone.
func TestExportReplacesALink(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(dir, "catalog.yaml")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if _, err := export(t, dir, 1); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep me\n" {
		t.Errorf("written through the link: the target now holds %.40q", b)
	}
	want, _ := fs.ReadFile(rules.FS, "catalog.yaml")
	if fi, err := os.Lstat(filepath.Join(dir, "catalog.yaml")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the link was not replaced by a file: %v", err)
	} else if b, _ := os.ReadFile(filepath.Join(dir, "catalog.yaml")); string(b) != string(want) {
		t.Error("catalog.yaml is not the embedded one")
	}
}

// TestExportLeavesTheDirectoryAsItWas: whatever fails (something that is
// not a file in the way of the last file, a full disk, a rename half way),
// every file is as it was, none is added, no temporary is left, and a
// directory the export made is gone again.
func TestExportLeavesTheDirectoryAsItWas(t *testing.T) {
	enospc := &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}
	for _, tt := range []struct {
		name string
		// setup changes the directory or the seams before the export.
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"a directory in the way", func(t *testing.T, dir string) {
			if err := os.Mkdir(filepath.Join(dir, "sources.yaml"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, "sources.yaml: it is a directory, not a regular file; move it away, or export into another directory (nothing was written)"},
		{"a full disk", func(t *testing.T, dir string) {
			n := 0
			writeExportTemp = func(dir string, data []byte) (string, error) {
				if n++; n == 4 {
					return "", enospc
				}
				return writeTemp(dir, data)
			}
		}, "40-consider.rules.yaml: no space left on device (nothing was written)"},
		{"a rename half way", func(t *testing.T, dir string) {
			n := 0
			renameExport = func(from, to string) error {
				if n++; n == 7 {
					return &os.LinkError{Op: "rename", Old: from, New: to, Err: syscall.EIO}
				}
				return os.Rename(from, to)
			}
		}, "catalog.yaml: input/output error (nothing was changed)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Cleanup(func() { writeExportTemp, renameExport = writeTemp, os.Rename })
			dir := userRulesDir(t)
			tt.setup(t, dir)
			before := snapshot(t, dir)
			_, err := export(t, dir, 2) // the user's edits may go: the failure must keep them
			if err == nil || !strings.HasSuffix(err.Error(), tt.want) {
				t.Errorf("err = %v, want ...%q", err, tt.want)
			}
			if after := snapshot(t, dir); !maps.Equal(before, after) {
				t.Errorf("the directory changed:\nbefore %q\nafter  %q", slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after)))
				for name, text := range before {
					if after[name] != text {
						t.Errorf("%s now holds %.40q, was %.40q", name, after[name], text)
					}
				}
			}

			if tt.name == "a directory in the way" {
				return
			}
			// Into a directory that does not exist yet: it is made, and
			// taken away again.
			tt.setup(t, dir)
			parent := t.TempDir()
			if _, err := export(t, filepath.Join(parent, "new", "rules"), 0); err == nil {
				t.Error("no error exporting into a new directory")
			}
			if entries, _ := os.ReadDir(parent); len(entries) > 0 {
				t.Errorf("the export left %s behind", entries[0].Name())
			}
		})
	}
}

// TestExportForceOverEditedFiles: --force rewrites files the same as the
// default's without a word; files the user edited are listed, and
// overwritten only when the user says yes on a terminal, or, without one,
// with --force twice. Until then the directory is as it was.
func TestExportForceOverEditedFiles(t *testing.T) {
	exported := func(t *testing.T) string {
		dir := t.TempDir()
		if _, err := export(t, dir, 0); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	t.Run("the same files", func(t *testing.T) {
		dir := exported(t)
		before := snapshot(t, dir)
		if _, err := export(t, dir, 1); err != nil {
			t.Fatalf("--force over an unchanged export: %v", err)
		}
		if !maps.Equal(before, snapshot(t, dir)) {
			t.Error("the files changed")
		}
	})

	t.Run("edited, no terminal", func(t *testing.T) {
		dir := userRulesDir(t)
		before := snapshot(t, dir)
		_, err := export(t, dir, 1)
		want := dir + ": would overwrite 2 edited files: 10-reports.rules.yaml, questions.yaml; to overwrite them, give --force twice (--force --force)"
		if err == nil || !strings.HasPrefix(err.Error(), want) || exitCode(err) != ExitUsage {
			t.Errorf("err = %v, want exit 2 and %q", err, want)
		}
		if !maps.Equal(before, snapshot(t, dir)) {
			t.Error("the directory changed")
		}
		if _, err := export(t, dir, 2); err != nil {
			t.Fatalf("--force --force: %v", err)
		}
		after := snapshot(t, dir)
		want2, _ := fs.ReadFile(rules.FS, "questions.yaml")
		if after["questions.yaml"] != string(want2) || after["90-policy.rules.yaml"] != "policy\n" {
			t.Errorf("--force --force: questions.yaml %.20q, the user's own file %q", after["questions.yaml"], after["90-policy.rules.yaml"])
		}
	})

	for _, answer := range []string{"n", "y"} {
		t.Run("edited, on a terminal, answered "+answer, func(t *testing.T) {
			dir := exported(t)
			if err := os.WriteFile(filepath.Join(dir, "catalog.yaml"), []byte("mine\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, dir)
			fake := &prompttest.Fake{Responses: map[string][]string{"Overwrite": {answer}}}
			ios, _, errOut := bufferStreams("")
			ios.inTTY, ios.errTTY, ios.prompter = true, true, fake
			err := runRulesExport(&rulesExportOptions{IO: ios, Dir: dir, Force: 1})
			if len(fake.Asked) != 1 || fake.Asked[0] != "Overwrite it with the default's?" {
				t.Errorf("asked %q", fake.Asked)
			}
			if !strings.Contains(errOut.String(), "would overwrite 1 edited file: catalog.yaml") {
				t.Errorf("stderr %q does not list the edited file", errOut)
			}
			after := snapshot(t, dir)
			if answer == "n" {
				if !errors.Is(err, ErrCancelled) || !maps.Equal(before, after) {
					t.Errorf("no: err %v, the directory changed: %v", err, !maps.Equal(before, after))
				}
				return
			}
			if want, _ := fs.ReadFile(rules.FS, "catalog.yaml"); err != nil || after["catalog.yaml"] != string(want) {
				t.Errorf("yes: err %v, catalog.yaml %.20q", err, after["catalog.yaml"])
			}
		})
	}

	t.Run("an unreadable file counts as edited", func(t *testing.T) {
		dir := exported(t)
		p := filepath.Join(dir, "sources.yaml")
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := os.ReadFile(p); err == nil {
			t.Skip("files without permissions are readable here (root?)")
		}
		_, err := export(t, dir, 1)
		if err == nil || !strings.Contains(err.Error(), "would overwrite 1 edited file: sources.yaml") {
			t.Errorf("err = %v", err)
		}
	})
}
