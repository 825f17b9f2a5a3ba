// Package safewrite makes the temporary files socpick writes before it
// renames them into place, with the permissions a person expects of the
// file that ends up there.
package safewrite

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// CreateTemp creates a new file in dir named prefix, random letters and
// suffix. Unlike os.CreateTemp (0600), it asks for 0666, which the umask
// then narrows, as for any file the user creates: a profile saved under
// umask 077 is private, one saved under 022 is readable by all.
func CreateTemp(dir, prefix, suffix string) (*os.File, error) {
	for range 100 {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		name := filepath.Join(dir, prefix+hex.EncodeToString(b[:])+suffix)
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, &fs.PathError{Op: "createtemp", Path: filepath.Join(dir, prefix+"*"+suffix), Err: fs.ErrExist}
}

// File is what Fill needs of a new file: an *os.File, or a test's fake
// of one that fails as a full disk does.
type File interface {
	Write(p []byte) (int, error)
	Sync() error
	Close() error
}

// Fill writes data to f, syncs and closes it, and returns the first error
// of the three: a full disk fails the Write or the Sync, and a file that
// was not wholly written must never be renamed over a user's file.
func Fill(f File, data []byte) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// KeepMode gives the file name the permission bits of the regular file at
// path, when there is one: replacing a private profile keeps it private.
// Nothing is done when path is missing or not a regular file (a link is
// replaced, not followed).
func KeepMode(name, path string) error {
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	return os.Chmod(name, fi.Mode().Perm())
}
