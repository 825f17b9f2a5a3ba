package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/render"
)

// An output that cannot be put in place does not keep the others from
// theirs, and says which file it is.
func TestOutputsEndEachOne(t *testing.T) {
	dir := t.TempDir()
	blocked, fine := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.sarif")
	out, err := openOutputs([]string{"json=" + blocked, "sarif=" + fine}, render.CheckRun{})
	if err != nil {
		t.Fatal(err)
	}
	defer out.discard()
	out.begin()
	// A directory where the JSON goes, made during the run: its rename fails.
	if err := os.MkdirAll(filepath.Join(blocked, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	err = out.end(check.Summary{})
	if err == nil || !strings.Contains(err.Error(), "writing "+blocked) {
		t.Errorf("end: %v, want the JSON named", err)
	}
	if data, err := os.ReadFile(fine); err != nil || !strings.Contains(string(data), `"version": "2.1.0"`) {
		t.Errorf("the SARIF output was not put in place: %v", err)
	}
	out.discard()
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("left in %s: %v, want a.json and b.sarif only", dir, entries)
	}
}

// One file named twice is refused, whether by another spelling or through
// a link.
func TestOutputsSameFileTwice(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "x.json")
	if err := os.WriteFile(target, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	for _, second := range []string{filepath.Join(dir, ".", "x.json"), link} {
		_, err := openOutputs([]string{"json=" + target, "sarif=" + second}, render.CheckRun{})
		if err == nil || !strings.Contains(err.Error(), "writes there too") {
			t.Errorf("%s after %s: %v, want it refused", second, target, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// An output whose writing fails during the run (a full disk, a file size
// limit) is dropped and named at the end; the others are written.
func TestOutputsFailingMidRun(t *testing.T) {
	dir := t.TempDir()
	failing, fine := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.md")
	out, err := openOutputs([]string{"json=" + failing, "markdown=" + fine}, render.CheckRun{})
	if err != nil {
		t.Fatal(err)
	}
	defer out.discard()
	out[0].w = bufio.NewWriterSize(fullDisk{}, 16) // flushed, and failing, within the first result
	out.begin()
	out.result(&check.Result{File: "v.yaml", Profile: "v", Status: check.Pass})
	err = out.end(check.Summary{Files: 1, Passed: 1})
	if err == nil || err.Error() != "writing "+failing+": no space left on device" {
		t.Errorf("end: %v", err)
	}
	if _, err := os.Stat(fine); err != nil {
		t.Errorf("the markdown output was dropped with the failing one: %v", err)
	}
	out.discard()
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left in %s: %v, want b.md only", dir, entries)
	}
}

type fullDisk struct{}

func (fullDisk) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// An output that replaces a private file keeps it private.
func TestOutputsKeepAReplacedFilesMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX permissions")
	}
	path := filepath.Join(t.TempDir(), "private.json")
	if err := os.WriteFile(path, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := openOutputs([]string{"json=" + path}, render.CheckRun{})
	if err != nil {
		t.Fatal(err)
	}
	defer out.discard()
	out.begin()
	if err := out.end(check.Summary{}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode after: %v (%v), want 0600", fi.Mode().Perm(), err)
	}
}
