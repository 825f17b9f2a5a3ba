//go:build unix

package profile_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/socpick/socpick/internal/profile"
)

// TestSaveRefusesANamedPipe: --force does not rename over a named pipe
// (nor a device: /dev/null, as root, became a regular file), and opening
// the pipe is never tried, which would block.
func TestSaveRefusesANamedPipe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.yaml")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	err := profile.Save(path, []byte("x\n"), true)
	if !errors.Is(err, profile.ErrNotRegular) || !strings.Contains(err.Error(), "it is a named pipe, not a regular file") {
		t.Errorf("--force onto a named pipe: %v, want ErrNotRegular", err)
	}
	if fi, err := os.Lstat(path); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the named pipe was replaced: %v %v", fi.Mode(), err)
	}
}

// TestSaveKeepsAPrivateProfilePrivate: --force over a 0600 profile leaves a
// 0600 profile, and a new one follows the umask.
func TestSaveKeepsAPrivateProfilePrivate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.yaml")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := profile.Save(path, []byte("new"), true); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("replaced: mode %#o, want 0600", fi.Mode().Perm())
	}
	old := syscall.Umask(0o077)
	err := profile.Save(filepath.Join(dir, "new.yaml"), []byte("new"), false)
	syscall.Umask(old)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "new.yaml")); fi.Mode().Perm() != 0o600 {
		t.Errorf("new under umask 077: mode %#o, want 0600", fi.Mode().Perm())
	}
}

// TestSaveRefusesALinkToADirectory: --save onto a link to a directory
// neither says "file exists" nor, with --force, replaces the link.
func TestSaveRefusesALinkToADirectory(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "vendors")
	if err := os.Symlink(t.TempDir(), link); err != nil {
		t.Fatal(err)
	}
	for _, force := range []bool{false, true} {
		err := profile.Save(link, []byte("x"), force)
		if !errors.Is(err, profile.ErrNotRegular) || !strings.Contains(err.Error(), "a link to a directory") {
			t.Errorf("force=%v: err = %v", force, err)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("force=%v: the link was replaced", force)
		}
	}
}
