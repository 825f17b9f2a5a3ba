package strictyaml

import (
	"fmt"
	"io"
	"io/fs"

	"github.com/socpick/socpick/internal/prose"
)

// ReadFile reads the file name in fsys for Parse: a regular file (opening
// a named pipe blocks until something writes to it, and a device such as
// /dev/zero never ends) of at most MaxFileSize bytes, read through that
// limit whatever size the file said it had. A file that is not regular or
// too large is a *Problems naming it; an error opening or reading it is
// the *fs.PathError fsys gave.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	// Stat before opening: fs.FS has no non-blocking open, and an open of
	// a named pipe would wait for a writer. ReadOpened checks the opened
	// file again, for a file replaced in between.
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := checkFile(name, info, yamlFile); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadOpened(name, f, yamlFile)
}

// A Kind says, in refusals, what a file was wanted for: its name ("a
// profile") and why a file of a mode that is not regular is refused.
type Kind struct {
	Name string
	// NotRegular says why a file of mode is refused ("not a regular file
	// (a named pipe); want ..."), or is nil for a regular file.
	NotRegular func(mode fs.FileMode) error
}

// yamlFile is the Kind of the ruleset's files.
var yamlFile = Kind{Name: "a YAML file", NotRegular: func(mode fs.FileMode) error {
	if kind := prose.FileKind(mode); kind != "" {
		return fmt.Errorf("not a regular file (%s); want a YAML file", kind)
	}
	return nil
}}

// ReadOpened reads f, opened as name without blocking: what was opened
// must be a regular file of at most MaxFileSize bytes, whatever the path
// named when it was looked at. It is read through the limit into one
// buffer of the size the file gives (a check run reads thousands).
func ReadOpened(name string, f fs.File, kind Kind) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := checkFile(name, info, kind); err != nil {
		return nil, err
	}
	return ReadLimited(name, f, int(info.Size()), kind)
}

// ReadLimited reads r, named name in messages, through MaxFileSize: more
// is a *Problems. size is a guess of the size, for the buffer.
func ReadLimited(name string, r io.Reader, size int, kind Kind) ([]byte, error) {
	data, err := readAll(io.LimitReader(r, MaxFileSize+1), size+1)
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fileProblem(name, "more than %d bytes (1 MiB), the limit for %s", MaxFileSize, kind.Name)
	}
	return data, nil
}

// readAll is io.ReadAll starting from a buffer of capacity size.
func readAll(r io.Reader, size int) ([]byte, error) {
	b := make([]byte, 0, size)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// checkFile refuses what must not be read.
func checkFile(name string, info fs.FileInfo, kind Kind) error {
	if err := kind.NotRegular(info.Mode()); err != nil {
		return fileProblem(name, "%v", err)
	}
	if info.Size() > MaxFileSize {
		return fileProblem(name, "file is %d bytes; the limit is %d (1 MiB)", info.Size(), MaxFileSize)
	}
	return nil
}

func fileProblem(name, format string, args ...any) error {
	probs := &Problems{File: name}
	probs.Add(Pos{}, format, args...)
	return probs
}
