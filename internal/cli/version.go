package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/buildinfo"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/render"
)

// versionString is the one line socpick version and --version print.
func versionString() string { return buildinfo.Read().String() }

func newVersionCmd(ios *IOStreams) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print socpick's version and the revision it was built from",
		Long: `Print socpick's version: the release version and commit a release binary
carries, or the revision and toolchain a build from a clone recorded. With
--format json, an object with version, commit, date and go, for scripts and
audit trails.`,
		Example: `  socpick version
  socpick version --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "text":
				_, err := fmt.Fprintln(ios.Out, versionString())
				return err
			case "json":
				return render.WriteJSON(ios.Out, buildinfo.Read())
			}
			return formatError(fmt.Errorf("unknown format %q (want text or json)", format))
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: `text` or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// toolOf says what judges with rs, for the outputs that record it.
func toolOf(rs *engine.Ruleset) render.Tool {
	return render.Tool{Name: "socpick", Version: buildinfo.Read().Version, Rules: rs.Dir, RulesetDigest: rs.Digest}
}
