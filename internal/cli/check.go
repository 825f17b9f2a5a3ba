package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/render"
)

type checkOptions struct {
	IO      *IOStreams
	Ruleset *engine.Ruleset
	// RulesDir is the ruleset's directory, "" for the embedded default.
	RulesDir string

	Paths  []string
	Format string
	FailOn string
	// AsOf is --as-of as given; empty means today, from Now.
	AsOf string
	// AsOfGiven is true when --as-of was given, even empty (an unset
	// variable in a CI script), which is refused rather than read as today.
	AsOfGiven bool
	Quiet     bool
	Jobs      int
	// Outputs are --output FORMAT=FILE: more formats of the same run,
	// each written to its file.
	Outputs []string
	// NoWaivers is --no-waivers.
	NoWaivers bool
	// Exclude are --exclude globs: files and directories left out of the
	// directories walked.
	Exclude []string
	// Now is the clock for the default --as-of (tests fix it).
	Now func() time.Time
}

func newCheckCmd(f *Factory) *cobra.Command {
	opts := &checkOptions{IO: f.IO, Now: time.Now}
	cmd := &cobra.Command{
		Use:   "check [FILE|DIR|-]...",
		Short: "Check vendor profiles' held reports against what they need (for CI)",
		Long: `Check vendor profiles: for each, recommend the reports it needs, then compare
them with the reports it holds (held) and with the recommendation it pins
(expect), judging freshness as of a date.

A directory is read recursively for *.yaml and *.yml files (hidden directories
are skipped); - reads one profile from standard input. Results are in path
order. A file that cannot be read or is invalid is reported with status error
and does not stop the others.

Findings and their default severities:
  missing-report        error    a recommended report is not held
  weaker-type           error    a Type I is held where a Type II is recommended,
                                 and the Type II it was the first step to is due
  missing-criteria      error    a held SOC 2/SOC 3 lacks a recommended criterion
  stale-report          error    more than 12 months since the held report's
                                 period end (Type II) or as-of date (Type I)
  expiring-report       warning  the held report goes stale within 90 days
  bridge-letter-needed  warning  more than 3 months since a Type II period end,
                                 and no bridge letter covers the as-of date
  expectation-drift     error    expect differs from the recommendation
  unneeded-report       info     a held report that is not recommended
  invalid-profile       error    the file cannot be read or is invalid
  future-report         warning  the held report's period end or as-of date is
                                 after the as-of date (most likely a typo)
  type2-due             warning  a Type I is held and the Type II it leads to is
                                 not due yet: says when it is
  answers-outdated      info     metadata.answered_on is more than 12 months
                                 before the as-of date
  waived                info     a finding a current waiver in the profile
                                 accepts (shown with its reason, never failing)
  expired-waiver        warning  a waiver's expires date has passed: the
                                 finding it waived is back`,
		Example: `  socpick check vendors/
  socpick check vendors/ --format github          # annotations in GitHub Actions
  socpick check vendors/ --format junit > socpick.xml
  socpick check vendors/acme.yaml --as-of 2026-12-31 --fail-on warning
  cat acme.yaml | socpick check -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.loadInto(&opts.Ruleset); err != nil {
				return err
			}
			if len(args) == 0 {
				return usageErrorf("check needs the profiles to check: FILE, DIR or - (standard input)")
			}
			opts.RulesDir = f.RulesDir()
			opts.AsOfGiven = cmd.Flags().Changed("as-of")
			if err := applyCheckSettings(cmd, f.Settings(), opts); err != nil {
				return err
			}
			opts.Paths = args
			return runCheck(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.SortFlags = false
	addFormatFlag(cmd, &opts.Format, "text", "output format", render.CheckOutput)
	fl.Var(newNamed(&opts.FailOn, "error", "SEVERITY"), "fail-on", "fail on findings of this severity and above: error, warning or info")
	fl.StringVar(&opts.AsOf, "as-of", "", "judge freshness on `YYYY-MM-DD` instead of today")
	fl.BoolVarP(&opts.Quiet, "quiet", "q", false, "show failures only: no passing profiles, no findings below --fail-on")
	fl.StringArrayVar(&opts.Exclude, "exclude", nil, "leave out files and directories matching `GLOB` in the directories checked (repeatable; e.g. --exclude 'drafts' --exclude '*.example.yaml')")
	fl.BoolVar(&opts.NoWaivers, "no-waivers", false, "ignore the profiles' waivers: show every finding as it is")
	fl.StringArrayVar(&opts.Outputs, "output", nil, "also write the results as `FORMAT=FILE` (repeatable: --output sarif=socpick.sarif --output junit=socpick.xml)")
	fl.IntVarP(&opts.Jobs, "jobs", "j", 0, fmt.Sprintf("check `N` files at once (default: one per CPU; at most %d, and no more than the files)", check.MaxJobs))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions(check.Severities, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runCheck(ctx context.Context, opts *checkOptions) error {
	checked, err := opts.checkOptions()
	if err != nil {
		return err
	}
	run := render.CheckRun{Options: checked, Quiet: opts.Quiet, Catalog: opts.Ruleset.Catalog, Rules: opts.RulesDir, Tool: toolOf(opts.Ruleset)}
	renderer, err := render.NewCheck(opts.Format, run, opts.IO.renderOptions())
	if err != nil {
		return formatError(err)
	}
	extra, err := openOutputs(opts.Outputs, run)
	if err != nil {
		return err
	}
	defer extra.discard()
	inputs, err := check.Collect(opts.Paths, opts.Exclude)
	if err != nil {
		return err
	}

	stdin, err := opts.readStdin(ctx)
	if err != nil {
		return err
	}

	runner := &check.Runner{Ruleset: opts.Ruleset, Options: checked, Stdin: stdin, Jobs: opts.Jobs}
	screen := &lineEnd{w: opts.IO.Out, at: true}
	out := bufio.NewWriter(screen)
	var prog *progress
	if opts.IO.ShowProgress() && !opts.typing() {
		prog = startProgress(opts.IO.ErrOut, len(inputs), opts.IO.outTTY)
		// On the terminal the results go to, the line is drawn only where
		// a result ended its line (a JSON result does not).
		prog.canDraw = func() bool { return screen.at }
		defer prog.finish()
	}
	if err := renderer.Begin(out); err != nil {
		return err
	}
	extra.begin()
	sum, err := runner.Run(ctx, inputs, func(r *check.Result) error {
		return prog.result(func() error {
			if err := renderer.Result(out, r); err != nil {
				return err
			}
			extra.result(r)
			if opts.IO.outTTY {
				return out.Flush() // a person is watching
			}
			return nil
		})
	})
	prog.finish()
	if err != nil {
		out.Flush() // the results that were complete, when cancelled
		return err
	}
	if err := renderer.End(out, sum); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if err := extra.end(sum); err != nil {
		return err
	}
	switch {
	case sum.Errors > 0:
		return &reportedError{code: ExitUsage, what: "some profiles could not be checked"}
	case sum.Failed > 0:
		return &reportedError{code: ExitFindings, what: "some profiles failed the check"}
	}
	return nil
}

// checkOptions checks the flags and makes the options the profiles are
// checked with, which the output reads too.
func (opts *checkOptions) checkOptions() (check.Options, error) {
	var run check.Options
	var err error
	if run.FailOn, err = check.ParseSeverity(opts.FailOn); err != nil {
		return run, &usageError{err: fmt.Errorf("--fail-on: %w", err)}
	}
	if run.AsOf, err = asOfDate(opts.AsOfGiven, opts.AsOf, opts.Now); err != nil {
		return run, err
	}
	run.NoWaivers = opts.NoWaivers
	if opts.Jobs < 0 {
		return run, usageErrorf("--jobs: %d is not a number of files (want 1 or more, or 0 for one per CPU)", opts.Jobs)
	}
	if slices.Contains(opts.Paths, "") {
		// An unset variable in a CI script (check "$VENDORS") must not
		// check the current directory.
		return run, usageErrorf("an empty path: name a FILE, DIR or - (standard input)")
	}
	if n := slices.Index(opts.Paths, check.StdinPath); n >= 0 && slices.Index(opts.Paths[n+1:], check.StdinPath) >= 0 {
		return run, usageErrorf("- (standard input) can be given once")
	}
	return run, nil
}

// typing says whether a profile is read from standard input on a
// terminal: typed or pasted by a person.
func (opts *checkOptions) typing() bool {
	return opts.IO.inTTY && slices.Contains(opts.Paths, check.StdinPath)
}

// readStdin reads the profile of "-" before the run, so that Ctrl-C can
// stop a read that a worker would otherwise wait on for ever (a terminal,
// a pipe left open). It returns what the runner reads for "-".
func (opts *checkOptions) readStdin(ctx context.Context) (io.Reader, error) {
	if !slices.Contains(opts.Paths, check.StdinPath) {
		return opts.IO.In, nil
	}
	if opts.typing() {
		fmt.Fprintln(opts.IO.ErrOut, "socpick: reading a profile from standard input; end it with Ctrl-D")
	}
	type read struct {
		data []byte
		err  error
	}
	done := make(chan read, 1)
	go func() {
		// One byte over the limit, so that the profile reader can say
		// the input is too large.
		data, err := io.ReadAll(io.LimitReader(opts.IO.In, profile.MaxSize+1))
		done <- read{data, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			return errReader{r.err}, nil // the file's result says so
		}
		return bytes.NewReader(r.data), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// lineEnd passes writes on and remembers whether the last byte ended a
// line, which is where a progress line may be drawn on the same screen.
type lineEnd struct {
	w  io.Writer
	at bool
}

func (l *lineEnd) Write(p []byte) (int, error) {
	n, err := l.w.Write(p)
	if n > 0 {
		l.at = p[n-1] == '\n'
	}
	return n, err
}
