//go:build unix

package engine_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/socpick/socpick/internal/engine"
)

// TestLoadRefusesFilesThatAreNotRegular: a named pipe in a ruleset
// directory hung every command in open, waiting for a writer; a link to
// /dev/zero read until memory ran out. Each is refused at FILE: instead,
// without blocking.
func TestLoadRefusesFilesThatAreNotRegular(t *testing.T) {
	for _, tt := range []struct {
		name, want string
		make       func(path string) error
	}{
		{"pipe.rules.yaml", "pipe.rules.yaml: not a regular file (a named pipe)", func(p string) error { return syscall.Mkfifo(p, 0o644) }},
		{"questions.yaml", "questions.yaml: not a regular file (a named pipe)", func(p string) error { return syscall.Mkfifo(p, 0o644) }},
		{"catalog.yaml", "catalog.yaml: not a regular file (a device)", func(p string) error { return os.Symlink("/dev/zero", p) }},
		{"zero.rules.yaml", "zero.rules.yaml: not a regular file (a device)", func(p string) error { return os.Symlink("/dev/zero", p) }},
	} {
		dir := t.TempDir()
		for name, data := range fixtureFS(t, nil) {
			if err := os.WriteFile(filepath.Join(dir, name), data.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, tt.name)
		os.Remove(path)
		if err := tt.make(path); err != nil {
			t.Skipf("cannot make %s: %v", tt.name, err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := engine.Load(os.DirFS(dir))
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: loading has not ended after 10 s", tt.name)
		}
	}
}
