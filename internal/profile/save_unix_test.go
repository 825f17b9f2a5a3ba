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
