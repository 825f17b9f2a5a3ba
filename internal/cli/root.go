package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/strictyaml"
	"github.com/socpick/socpick/rules"
)

const exitStatusHelp = `
EXIT STATUS
  0    success
  1    check: a finding at or above --fail-on; rules test: a failing case,
       or coverage below --threshold
  2    usage error, or input that cannot be used: bad flags, an unreadable or
       invalid profile or ruleset, questions that must be answered but cannot
       be asked (no terminal)
  130  cancelled by the user
`

// Main runs socpick with the process's arguments and streams and returns
// the exit code.
func Main() int {
	return Run(os.Args[1:], System())
}

// Run runs socpick with args and streams and returns the exit code.
func Run(args []string, ios *IOStreams) int {
	// The answer flags come from the questions file, so the ruleset is
	// loaded before the command line is parsed: --rules is looked for first.
	dir, given := rulesDirArg(args)
	if !given {
		dir = ios.rulesEnv // --rules= (empty) asks for the default
	}
	ruleset, rulesErr := loadRuleset(dir)
	root := newRootCmd(ios, ruleset, rulesErr, dir)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err != nil {
		printError(ios, cmd, err)
	}
	return exitCode(err)
}

func printError(ios *IOStreams, cmd *cobra.Command, err error) {
	if errors.Is(err, ErrCancelled) || errors.Is(err, context.Canceled) {
		fmt.Fprintln(ios.ErrOut, "socpick: cancelled")
		return
	}
	if errors.As(err, new(*reportedError)) {
		return
	}
	printErrorLines(ios.ErrOut, err)
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

// rulesDirArg finds the value of --rules in args, and whether it is given:
// the last one, as the flag parser keeps the last of a repeated flag.
func rulesDirArg(args []string) (dir string, given bool) {
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--rules="); ok {
			dir, given = v, true
		}
		if a == "--rules" && i+1 < len(args) {
			dir, given = args[i+1], true
		}
	}
	return dir, given
}

// loadRuleset loads the embedded default, or the ruleset in dir.
func loadRuleset(dir string) (*engine.Ruleset, error) {
	if dir == "" {
		return engine.Load(rules.FS)
	}
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("--rules %s: not a directory (want a ruleset directory holding questions.yaml, catalog.yaml and *.rules.yaml)", dir)
	}
	rs, err := engine.Load(os.DirFS(dir))
	if err != nil {
		nameFilesIn(dir, err)
		return nil, err
	}
	return rs, nil
}

// nameFilesIn puts dir in front of the file names of the problems in err,
// so that FILE:LINE:COL names a file the user can open.
func nameFilesIn(dir string, err error) {
	if probs, ok := err.(*strictyaml.Problems); ok {
		probs.File = filepath.Join(dir, probs.File)
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			nameFilesIn(dir, e)
		}
	}
}

// newRootCmd builds the command tree around the ruleset loaded from
// rulesDir ("" for the embedded default), or the error loading it.
func newRootCmd(ios *IOStreams, rs *engine.Ruleset, rulesErr error, rulesDir string) *cobra.Command {
	var rulesFlag string // parsed for help and validation; rulesDir is what was loaded
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
	root.SetUsageTemplate(root.UsageTemplate() + exitStatusHelp)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		if rulesErr != nil {
			return rulesErr
		}
		return &usageError{err: plainFlagError(err)}
	})
	root.PersistentFlags().StringVar(&rulesFlag, "rules", "", "use the ruleset in `DIR` instead of the embedded default (default $SOCPICK_RULES)")
	root.PersistentFlags().BoolVar(&noColor, "no-color", false, "never colour the output (NO_COLOR is honoured too)")

	root.AddCommand(newAdviseCmd(ios, rs, rulesErr))
	root.AddCommand(newCheckCmd(ios, rs, rulesErr, rulesDir))
	root.AddCommand(newRulesCmd(ios, rs, rulesErr, rulesDir))
	root.AddCommand(newQuestionsCmd(ios, rs, rulesErr))
	root.AddCommand(newSchemaCmd(ios, rs, rulesErr))
	root.AddCommand(newVersionCmd(ios))
	return root
}
