package engine_test

import (
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/strictyaml"
)

// growingFS is a ruleset with one file replaced or added, name, which says
// it is a regular file of size bytes and serves 64 MiB of comment
// whatever it said; served counts the bytes read from it.
type growingFS struct {
	fs.FS
	name   string
	size   int64
	served *atomic.Int64
}

func (g growingFS) Open(name string) (fs.File, error) {
	if name == g.name {
		return &growingFile{g}, nil
	}
	return g.FS.Open(name)
}

func (g growingFS) Glob(pattern string) ([]string, error) {
	names, err := fs.Glob(g.FS, pattern)
	if ok, _ := path.Match(pattern, g.name); ok && !slices.Contains(names, g.name) {
		names = append(names, g.name)
	}
	return names, err
}

type growingFile struct{ g growingFS }

func (f *growingFile) Stat() (fs.FileInfo, error) { return growingInfo(f.g), nil }
func (f *growingFile) Close() error               { return nil }
func (f *growingFile) Read(p []byte) (int, error) {
	if f.g.served.Load() >= 64<<20 {
		return 0, io.EOF
	}
	for i := range p {
		p[i] = '#'
	}
	f.g.served.Add(int64(len(p)))
	return len(p), nil
}

type growingInfo growingFS

func (i growingInfo) Name() string       { return i.name }
func (i growingInfo) Size() int64        { return i.size }
func (i growingInfo) Mode() fs.FileMode  { return 0o444 }
func (i growingInfo) ModTime() time.Time { return time.Time{} }
func (i growingInfo) IsDir() bool        { return false }
func (i growingInfo) Sys() any           { return nil }

// TestLoadReadsThroughTheLimit: every file of a ruleset (the questions,
// the catalog, a rules file) is read through the 1 MiB limit, not read
// whole and then measured, so that a file that does not end where its size
// said (a link to /dev/zero says 0 bytes) costs no more than the limit,
// and a file whose size is over the limit is refused unread: a 1.5 GB
// rules file cost 1.5 GB and 9.5 s on every command.
func TestLoadReadsThroughTheLimit(t *testing.T) {
	for _, tt := range []struct {
		name     string
		size     int64
		want     string
		maxBytes int64
	}{
		{"huge.rules.yaml", 0, "huge.rules.yaml: more than 1048576 bytes (1 MiB)", strictyaml.MaxFileSize + 1},
		{"questions.yaml", 0, "questions.yaml: more than 1048576 bytes (1 MiB)", strictyaml.MaxFileSize + 1},
		{"catalog.yaml", 100, "catalog.yaml: more than 1048576 bytes (1 MiB)", strictyaml.MaxFileSize + 1},
		{"huge.rules.yaml", 1536 << 20, "huge.rules.yaml: file is 1610612736 bytes; the limit is 1048576 (1 MiB)", 0},
		{"questions.yaml", 1536 << 20, "questions.yaml: file is 1610612736 bytes; the limit is 1048576 (1 MiB)", 0},
	} {
		var served atomic.Int64
		_, err := engine.Load(growingFS{FS: fixtureFS(t, nil), name: tt.name, size: tt.size, served: &served})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s of %d bytes: got %v, want %q", tt.name, tt.size, err, tt.want)
		}
		if n := served.Load(); n > tt.maxBytes {
			t.Errorf("%s of %d bytes: %d bytes were read, want at most %d", tt.name, tt.size, n, tt.maxBytes)
		}
	}
}
