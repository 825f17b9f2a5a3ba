package prose

import (
	"io/fs"
	"testing"
)

func TestFileKind(t *testing.T) {
	for _, tt := range []struct {
		mode fs.FileMode
		want string
	}{
		{0o644, ""},
		{fs.ModeDir | 0o755, "a directory"},
		{fs.ModeNamedPipe | 0o644, "a named pipe"},
		{fs.ModeSocket, "a socket"},
		{fs.ModeDevice | fs.ModeCharDevice | 0o666, "a device"},
		{fs.ModeSymlink, "a link"},
		{fs.ModeIrregular, "a special file"},
	} {
		if got := FileKind(tt.mode); got != tt.want {
			t.Errorf("FileKind(%v) = %q, want %q", tt.mode, got, tt.want)
		}
	}
}
