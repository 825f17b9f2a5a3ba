// Package buildinfo says which socpick is running: the version and commit a
// release stamps into the binary (goreleaser sets them with -ldflags), or
// what the Go toolchain recorded when it was built from a clone.
package buildinfo

import (
	"runtime/debug"
	"strings"
)

// Stamped by a release build:
//
//	-ldflags "-X github.com/socpick/socpick/internal/buildinfo.version=v1.2.3
//	          -X github.com/socpick/socpick/internal/buildinfo.commit=abc123...
//	          -X github.com/socpick/socpick/internal/buildinfo.date=2026-11-29T10:00:00Z"
var version, commit, date string

// Info is the build's identity. Its JSON form is `socpick version --format
// json`.
type Info struct {
	// Version is the release version ("v1.2.3"), the module version of a
	// go install, or "(devel)" for a build from a clone.
	Version string `json:"version"`
	// Commit is the VCS revision, with "-dirty" when the tree had
	// changes; empty when unknown.
	Commit string `json:"commit"`
	// Date is the commit's (or the release's) time, RFC 3339; empty when
	// unknown.
	Date string `json:"date"`
	// Go is the toolchain that built it.
	Go string `json:"go"`
}

// Read returns the running binary's Info: the stamped values where a
// release set them, the toolchain's record otherwise.
func Read() Info {
	info := Info{Version: "(devel)"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		info.Go = bi.GoVersion
		if bi.Main.Version != "" {
			info.Version = bi.Main.Version
		}
		modified := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				info.Commit = s.Value
			case "vcs.time":
				info.Date = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && info.Commit != "" {
			info.Commit += "-dirty"
		}
	}
	if version != "" {
		info.Version = version
	}
	if commit != "" {
		info.Commit = commit
	}
	if date != "" {
		info.Date = date
	}
	return info
}

// String is the one-line form `socpick version` prints: "socpick v1.2.3
// (abc123def456, 2026-11-29T10:00:00Z), go1.26.8".
func (i Info) String() string {
	out := "socpick " + i.Version
	if i.Commit != "" {
		rev, dirty := strings.CutSuffix(i.Commit, "-dirty")
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if dirty {
			rev += "-dirty"
		}
		out += " (" + rev
		if i.Date != "" {
			out += ", " + i.Date
		}
		out += ")"
	}
	if i.Go != "" {
		out += ", " + i.Go
	}
	return out
}
