package safewrite

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

func TestCreateTempFollowsTheUmask(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no umask")
	}
	dir := t.TempDir()
	for _, tt := range []struct{ umask, want int }{{0o022, 0o644}, {0o077, 0o600}} {
		old := syscall.Umask(tt.umask)
		f, err := CreateTemp(dir, ".t-", ".yaml")
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		fi, err := os.Stat(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		if got := int(fi.Mode().Perm()); got != tt.want {
			t.Errorf("umask %#o: mode %#o, want %#o", tt.umask, got, tt.want)
		}
	}
}

func TestKeepModeKeepsAPrivateFilePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	dir := t.TempDir()
	old, tmp := filepath.Join(dir, "p.yaml"), filepath.Join(dir, "tmp")
	for _, p := range []string{old, tmp} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(old, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := KeepMode(tmp, old); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(tmp); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %#o, want 0600", fi.Mode().Perm())
	}
	// A missing path leaves the new file's mode alone.
	if err := KeepMode(tmp, filepath.Join(dir, "none")); err != nil {
		t.Fatal(err)
	}
}

type failing struct {
	writeErr, syncErr error
	closed            bool
}

func (f *failing) Write(p []byte) (int, error) { return len(p) / 2, f.writeErr }
func (f *failing) Sync() error                 { return f.syncErr }
func (f *failing) Close() error                { f.closed = true; return nil }

// TestFillReportsTheFirstError: a full disk in Write or Sync is the
// error, and the file is closed all the same.
func TestFillReportsTheFirstError(t *testing.T) {
	full := errors.New("no space left on device")
	for _, f := range []*failing{{writeErr: full}, {syncErr: full}} {
		if err := Fill(f, []byte("data")); err != full || !f.closed {
			t.Errorf("%+v: err %v, closed %v", f, err, f.closed)
		}
	}
}
