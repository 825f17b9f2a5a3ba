package buildinfo

import "testing"

// A release's stamped values win over what the toolchain recorded.
func TestStampedWins(t *testing.T) {
	defer func(v, c, d string) { version, commit, date = v, c, d }(version, commit, date)
	version, commit, date = "v1.2.3", "0123456789abcdef0123", "2026-11-29T10:00:00Z"
	i := Read()
	if i.Version != "v1.2.3" || i.Commit != "0123456789abcdef0123" || i.Date != "2026-11-29T10:00:00Z" {
		t.Errorf("got %+v", i)
	}
	if got, want := i.String(), "socpick v1.2.3 (0123456789ab, 2026-11-29T10:00:00Z), "+i.Go; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestDirtyCommitShortened(t *testing.T) {
	i := Info{Version: "(devel)", Commit: "0123456789abcdef0123-dirty"}
	if got := i.String(); got != "socpick (devel) (0123456789ab-dirty)" {
		t.Errorf("got %q", got)
	}
}
