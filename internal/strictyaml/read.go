package strictyaml

import (
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
	// a named pipe would wait for a writer. The opened file is checked
	// again below, for a file replaced in between.
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := checkFile(name, info); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err = f.Stat()
	if err != nil {
		return nil, err
	}
	if err := checkFile(name, info); err != nil {
		return nil, err
	}
	// One byte over the limit tells a file that grew past it.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fileProblem(name, "more than %d bytes (1 MiB), the limit for a YAML file", MaxFileSize)
	}
	return data, nil
}

// checkFile refuses what ReadFile must not read.
func checkFile(name string, info fs.FileInfo) error {
	if kind := prose.FileKind(info.Mode()); kind != "" {
		return fileProblem(name, "not a regular file (%s); want a YAML file", kind)
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
