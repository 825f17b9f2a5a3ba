package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// formatList is what a --format flag needs of a render output: its
// formats, and how to name them for a person.
type formatList interface {
	Formats() []string
	Want() string
}

// addFormatFlag binds --format (-f) to p, its help (what: "output
// format") and its completion listing out's formats.
func addFormatFlag(cmd *cobra.Command, p *string, value, what string, out formatList) {
	cmd.Flags().VarP(newNamed(p, value, "FORMAT"), "format", "f", what+": "+out.Want())
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(out.Formats(), cobra.ShellCompDirectiveNoFileComp))
}

// formatError is the usage error of a --format value that the output has
// no format of; render's error names the formats.
func formatError(err error) error {
	return &usageError{err: fmt.Errorf("--format: %w", err)}
}
