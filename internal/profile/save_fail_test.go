package profile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// fullDisk is a temporary file on a disk that fills up: Write stores half
// of what it is given and fails, or Sync fails, as on a full tmpfs.
type fullDisk struct {
	*os.File
	failSync bool
}

func (f *fullDisk) Write(p []byte) (int, error) {
	if f.failSync {
		return f.File.Write(p)
	}
	n, _ := f.File.Write(p[:len(p)/2])
	return n, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
}

func (f *fullDisk) Sync() error {
	if f.failSync {
		return &os.PathError{Op: "sync", Path: f.Name(), Err: syscall.ENOSPC}
	}
	return f.File.Sync()
}

// TestSaveOnAFullDisk: a Write or Sync that fails is reported, the profile
// that was there is left as it was, and no temporary file stays behind.
func TestSaveOnAFullDisk(t *testing.T) {
	for _, failSync := range []bool{false, true} {
		dir := t.TempDir()
		path := filepath.Join(dir, "prof.yaml")
		if err := os.WriteFile(path, []byte("original\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		defer func(orig func(string) (tempFile, error)) { createTemp = orig }(createTemp)
		createTemp = func(dir string) (tempFile, error) {
			f, err := os.CreateTemp(dir, ".socpick-*.yaml")
			if err != nil {
				return nil, err
			}
			return &fullDisk{File: f, failSync: failSync}, nil
		}
		for _, force := range []bool{true, false} {
			target := path
			if !force {
				target = filepath.Join(dir, "new.yaml")
			}
			err := Save(target, []byte("apiVersion: socpick/v1\nkind: VendorProfile\n"), force)
			if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "cannot write "+target+": no space left on device") {
				t.Errorf("sync fails %v, force %v: err = %v, want %q", failSync, force, err, "cannot write "+target+": no space left on device")
			}
		}
		if b, err := os.ReadFile(path); string(b) != "original\n" {
			t.Errorf("sync fails %v: the profile now holds %q (%v), want it as it was", failSync, b, err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("sync fails %v: the directory holds %q, want only prof.yaml", failSync, names)
		}
	}
}
