package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/render"
	"github.com/socpick/socpick/internal/strictyaml"
)

// exitStatuses is the EXIT STATUS block of a command's help (and man
// page), by command path: only where the status says something a script
// acts on. The other commands exit 0 or 2 (usage), as the root says.
var exitStatuses = map[string]string{
	"socpick": `  0    success
  1    check: a finding at or above --fail-on; diff: the advice differs;
       rules test: a failing case, or coverage below --threshold
  2    usage error, or input that cannot be used: bad flags, an unreadable or
       invalid profile or ruleset, questions that must be answered but cannot
       be asked (no terminal)
  130  cancelled by the user`,
	"socpick advise": `  0    the advice was given (and saved, with --save)
  2    usage error, an unreadable or invalid profile or ruleset, or questions
       that must be answered but cannot be asked (no terminal, --no-input)
  130  cancelled by the user (Ctrl-C, Ctrl-D)`,
	"socpick check": `  0    no finding at or above --fail-on
  1    a finding at or above --fail-on (waived findings never count)
  2    a file could not be checked (unreadable, invalid), or a usage error;
       the other files are still checked and reported
  130  cancelled by the user (Ctrl-C) or SIGTERM`,
	"socpick diff": `  0    the two advices are the same
  1    the advice differs (as diff(1), so CI can run it after a rules upgrade)
  2    usage error, or a profile or ruleset that cannot be read`,
	"socpick rules test": `  0    every case passed (and coverage is at or above --threshold)
  1    a case failed, or coverage is below --threshold
  2    a test file or the ruleset cannot be read or loaded`,
	"socpick rules upgrade": `  0    DIR is the same as this version's default ruleset
  1    DIR differs from it (as diff(1)): the diff is on standard output
  2    usage error, or DIR or a file in it cannot be read`,
	"socpick rules validate": `  0    the ruleset loads; warnings, if any, are listed
  2    the ruleset does not load, or an answer set cannot be evaluated`,
}

// exitStatusTemplate ends the usage template: a command's EXIT STATUS
// block, when it has one.
const exitStatusTemplate = `{{with index .Annotations "exitStatus"}}
EXIT STATUS
{{.}}
{{end}}`

// annotateExitStatuses gives each command of exitStatuses its block.
func annotateExitStatuses(root *cobra.Command) {
	eachCommand(root, func(c *cobra.Command) {
		if text, ok := exitStatuses[c.CommandPath()]; ok {
			if c.Annotations == nil {
				c.Annotations = map[string]string{}
			}
			c.Annotations["exitStatus"] = text
		}
	})
}

// eachCommand calls fn for c and every command below it.
func eachCommand(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, sub := range c.Commands() {
		eachCommand(sub, fn)
	}
}

// Main runs socpick with the process's arguments and streams and returns
// the exit code. Ctrl-C (SIGINT) or SIGTERM cancels the command's context:
// a command that watches it (check) stops cleanly, with exit 130; one that
// cannot (a read of standard input, a long analysis) is ended after
// cancelGrace, with exit 130 too. A second signal kills at once.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ios := System()
	// A run allocates a lot and keeps little: the rules' load is most of
	// advise's allocations, and check writes each result as it comes and
	// drops the file. At Go's default target the collector took about a
	// third of advise --profile and of a large check; at four times the
	// live heap, a few megabytes more. A GOGC the user set is theirs.
	if !ios.gogcEnv {
		debug.SetGCPercent(gcPercent)
	}
	// A prompt puts the terminal in raw mode; a command ended from here
	// must give it back as it found it.
	var restore func()
	if ios.inTTY {
		if state, err := term.GetState(int(os.Stdin.Fd())); err == nil {
			restore = func() { _ = term.Restore(int(os.Stdin.Fd()), state) }
		}
	}
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
		case <-done:
			return
		}
		stop() // the next signal is not caught: it ends the process
		select {
		case <-done:
		case <-time.After(cancelGrace):
			if restore != nil {
				restore()
			}
			fmt.Fprintln(ios.ErrOut, "\nsocpick: cancelled")
			os.Exit(ExitCancelled)
		}
	}()
	code := run(ctx, os.Args[1:], ios)
	close(done)
	return code
}

// gcPercent is the collector's target for socpick's runs (see Main).
const gcPercent = 400

// cancelGrace is how long a cancelled command has to end by itself, with
// its results written and the screen clean, before Main ends it.
const cancelGrace = time.Second

func run(ctx context.Context, args []string, ios *IOStreams) int {
	f := NewFactory(ios)
	root := newRootCmd(f)
	f.prepareQuestionFlags(root, args)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil {
		err = rootError(root, err)
		printError(ios, cmd, err)
	}
	return exitCode(err)
}

// rootError rewords the errors cobra makes before a command runs, as
// socpick's own: an unknown command, with the ones it may have meant.
func rootError(root *cobra.Command, err error) error {
	if m := cobraUnknownCommand.FindStringSubmatch(err.Error()); m != nil {
		return unknownCommand(root, m[1])
	}
	return err
}

func printError(ios *IOStreams, cmd *cobra.Command, err error) {
	if errors.Is(err, ErrCancelled) || errors.Is(err, context.Canceled) {
		fmt.Fprintln(ios.ErrOut, "socpick: cancelled")
		return
	}
	if errors.As(err, new(*reportedError)) {
		return
	}
	// A message may name a path or quote a value from the command line or
	// a user's file: standard error is a CI log too, where no line may
	// become a workflow command.
	var msg strings.Builder
	printErrorLines(&msg, err)
	io.WriteString(ios.ErrOut, render.LogText(msg.String()))
	var usage *usageError
	if errors.As(err, &usage) {
		fmt.Fprintf(ios.ErrOut, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
}

// printErrorLines prints err for a person: file problems as they are, one
// FILE:LINE:COL line each; several errors (errors.Join) one per line; any
// other error behind "socpick: ".
func printErrorLines(w io.Writer, err error) {
	var usage *usageError
	if errors.As(err, &usage) {
		err = usage.err
	}
	if probs, ok := err.(*strictyaml.Problems); ok {
		fmt.Fprintln(w, probs.Error())
		return
	}
	if re, ok := err.(*engine.RuleError); ok {
		fmt.Fprintln(w, re.Error()) // FILE:LINE:COL first, as a load error
		return
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			printErrorLines(w, e)
		}
		return
	}
	fmt.Fprintln(w, "socpick: "+err.Error())
}

// numberFlagErr matches pflag's message for a number flag given something
// else, which quotes the Go parser.
var numberFlagErr = regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: strconv\.Parse(?:Int|Uint|Float): .*$`)

// plainFlagError rewords the flag errors that leak Go's internals.
func plainFlagError(err error) error {
	if m := numberFlagErr.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("%s: %q is not a number", m[2], m[1])
	}
	return err
}

// newRootCmd builds the command tree; commands get the ruleset from f
// when they run.
func newRootCmd(f *Factory) *cobra.Command {
	ios := f.IO
	var noColor bool
	root := &cobra.Command{
		Use:   "socpick",
		Short: "Tells a service organization which SOC report it needs, and why",
		Long: `socpick tells a service organization which SOC report it needs (SOC 1, SOC 2,
SOC 3, both, or none), Type I or Type II, the SOC 2 criteria to include, what
else to consider, rough cost and time, and why, rule by rule, with sources.`,
		Example: `  socpick advise --profile vendors/acme.yaml
  socpick check vendors/ --format github
  socpick advise --services saas --financial-reporting-impact no ...
  socpick questions`,
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if noColor {
				ios.DisableColor()
			}
			return nil
		},
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetUsageTemplate(root.UsageTemplate() + exitStatusTemplate)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		// An answer flag of a ruleset that did not load is unknown; the
		// ruleset's error is the one to fix.
		if rulesErr := f.loadFailed(); rulesErr != nil {
			return rulesErr
		}
		return &usageError{err: plainFlagError(err)}
	})
	root.PersistentFlags().Var(&f.rules, "rules", "use the ruleset in `DIR` instead of the embedded default (default $SOCPICK_RULES)")
	root.PersistentFlags().BoolVar(&noColor, "no-color", false, "never colour the output (NO_COLOR is honoured too)")

	root.AddCommand(newAdviseCmd(f))
	root.AddCommand(newInitCmd(f))
	root.AddCommand(newCheckCmd(f))
	root.AddCommand(newDiffCmd(f))
	root.AddCommand(newConfigCmd(f))
	root.AddCommand(newRulesCmd(f))
	root.AddCommand(newQuestionsCmd(f))
	root.AddCommand(newSchemaCmd(f))
	root.AddCommand(newVersionCmd(ios))
	root.AddCommand(newManCmd(f, root))
	// cobra's completion command, made now rather than when the command
	// line runs, so that an unknown shell (completion ksh) is a usage
	// error, as an unknown command is anywhere, not its help and exit 0.
	root.InitDefaultCompletionCmd()
	if c, _, err := root.Find([]string{"completion"}); err == nil && c != root {
		c.Args = noArgs
		c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
		for _, shell := range c.Commands() {
			shell.Args = noArgs
		}
	}
	annotateExitStatuses(root)
	addCompletions(root, f)
	return root
}
