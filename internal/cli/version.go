package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// versionString is the module version and VCS revision the binary was
// built from, as Go recorded them.
func versionString() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "socpick (unknown version)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, when string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	out := "socpick " + v
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if modified {
			rev += "-dirty"
		}
		out += " (" + rev
		if when != "" {
			out += ", " + when
		}
		out += ")"
	}
	return out + ", " + info.GoVersion
}

func newVersionCmd(ios *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print socpick's version and the revision it was built from",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintln(ios.Out, versionString())
			return err
		},
	}
}
