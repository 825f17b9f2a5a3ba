package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/prose"
)

// Exit codes, docs/formats.md, "Exit codes".
const (
	ExitOK        = 0
	ExitFindings  = 1
	ExitUsage     = 2
	ExitCancelled = 130
)

// ErrCancelled is returned when the user cancels (Ctrl-C, end of input).
var ErrCancelled = errors.New("cancelled")

// reportedError ends a command whose output already says what went wrong
// (a failing check, profiles that could not be checked): it sets the exit
// code and nothing more is printed.
type reportedError struct {
	code int
	what string
}

func (e *reportedError) Error() string { return e.what }

// usageError is a bad command line: bad flags, arguments or values. The
// command's usage hint is shown with it.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

// exitCode decides the process's exit code from a command's error: the one
// place that does.
func exitCode(err error) int {
	var reported *reportedError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, ErrCancelled), errors.Is(err, context.Canceled):
		return ExitCancelled
	case errors.As(err, &reported):
		return reported.code
	default:
		// Usage errors, unreadable or invalid input, missing answers: the
		// input cannot be used as it is.
		return ExitUsage
	}
}

// noArgs is cobra.NoArgs as a usage error, so that the usage hint follows.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasAvailableSubCommands() {
		return unknownCommand(cmd, args[0])
	}
	// advise acme.yaml: the profile is read with --profile.
	if cmd.Flags().Lookup("profile") != nil && looksLikeProfile(args[0]) {
		return usageErrorf("%s takes no arguments, got %q; to read a profile: %s --profile %s", cmd.CommandPath(), args[0], cmd.CommandPath(), args[0])
	}
	return usageErrorf("%s takes no arguments, got %q", cmd.CommandPath(), args[0])
}

// looksLikeProfile reports whether an argument names a profile: a YAML
// file, or standard input.
func looksLikeProfile(arg string) bool {
	ext := strings.ToLower(filepath.Ext(arg))
	return arg == "-" || ext == ".yaml" || ext == ".yml"
}

// unknownCommand is the usage error of a command name parent does not
// have, with the names it may have meant.
func unknownCommand(parent *cobra.Command, name string) error {
	if parent.SuggestionsMinimumDistance <= 0 {
		parent.SuggestionsMinimumDistance = 2
	}
	msg := fmt.Sprintf("unknown command %q for %q", name, parent.CommandPath())
	if s := parent.SuggestionsFor(name); len(s) > 0 {
		quoted := make([]string, len(s))
		for i, c := range s {
			quoted[i] = strconv.Quote(c)
		}
		msg += "; did you mean " + prose.JoinList(quoted, "or") + "?"
	}
	return usageErrorf("%s", msg)
}

// cobraUnknownCommand matches the error cobra gives for an unknown command
// of the root.
var cobraUnknownCommand = regexp.MustCompile(`^unknown command "(.*)" for "socpick"`)
