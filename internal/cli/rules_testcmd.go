package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/render"
	"github.com/socpick/socpick/internal/ruletest"
	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/internal/strictyaml"
)

type rulesTestOptions struct {
	// rulesContext's files hold the *.test.yaml cases that run when no
	// PATH is given.
	*rulesContext
	Paths     []string
	Coverage  bool
	Threshold float64
	Verbose   bool
	Format    string
}

func newRulesTestCmd(rc *rulesContext) *cobra.Command {
	opts := &rulesTestOptions{rulesContext: rc}
	cmd := &cobra.Command{
		Use:   "test [PATH...]",
		Short: "Run the ruleset's test cases: answers and the advice they must give",
		Long: `Run rule test cases: YAML files (kind: RuleTests) of answers and what the
ruleset must recommend for them: the reports with their types, criteria and
interim step, the also-consider ids, and rules that must or must not fire.
Without PATH, the ruleset's own *.test.yaml files run (the default ruleset
ships its suite); a PATH is a test file, or a directory of *.test.yaml files.

Each failure shows what was expected against what the rules decided, then the
whole actual outcome (reports with their criteria and interim step, ids,
deadline, milestones, fired rules) in the shape of expect: when the new advice
is the right one, paste it as the case's expect. The run ends with
"N passed, M failed" and exit status 1 if a case failed. --coverage
lists the rules no case fires; --threshold PCT also fails the run (exit 1)
when fewer than PCT percent of the rules fire in some case.

--format junit writes the run as a JUnit XML report for CI: a testsuite per
test file (named by its path), a testcase per case, and a failure for a
failing case with the text's expected against actual. With --threshold, a
last testsuite named after the ruleset holds a testcase named "coverage",
which fails below the threshold. Test files that cannot be read are still
errors on standard error, with exit status 2.`,
		Example: `  socpick rules test
  socpick --rules my-rules rules test --coverage --threshold 100
  socpick --rules my-rules rules test my-rules/policy.test.yaml
  socpick --rules my-rules rules test --threshold 100 --format junit > rules-tests.xml`,
		RunE: rc.loaded(func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			return runRulesTest(opts)
		}),
	}
	f := cmd.Flags()
	f.BoolVar(&opts.Coverage, "coverage", false, "list the rules that no case fires")
	f.Float64Var(&opts.Threshold, "threshold", 0, "fail when fewer than `PCT` percent of the rules fire in some case")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "list every case, not only the failures")
	addFormatFlag(cmd, &opts.Format, "text", "output format", render.RuleTestsOutput)
	return cmd
}

func runRulesTest(opts *rulesTestOptions) error {
	if !(opts.Threshold >= 0 && opts.Threshold <= 100) { // NaN too
		return usageErrorf("--threshold: %g is not a percentage (want 0 to 100)", opts.Threshold)
	}
	draw, err := render.RuleTestsOutput.Get(opts.Format, opts.IO.renderOptions())
	if err != nil {
		return formatError(err)
	}
	rs := opts.Ruleset
	var suites []*ruletest.Suite
	var errs []error
	load := func(fsys fs.FS, dir string) {
		s, err := ruletest.Load(fsys, dir, rs)
		if err != nil {
			errs = append(errs, err)
		}
		suites = append(suites, s...)
	}
	if len(opts.Paths) == 0 {
		load(opts.FS, opts.Dir)
	}
	for _, p := range opts.Paths {
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: %w", p, prose.Cause(err)))
		case fi.IsDir():
			load(os.DirFS(p), p)
		default:
			data, err := strictyaml.ReadFile(os.DirFS(filepath.Dir(p)), filepath.Base(p))
			if probs, ok := err.(*strictyaml.Problems); ok {
				probs.File = p
				errs = append(errs, probs)
				continue
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", p, prose.Cause(err)))
				continue
			}
			s, err := ruletest.Parse(p, data, rs)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			suites = append(suites, s)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	cases := 0
	for _, s := range suites {
		cases += len(s.Cases)
	}
	if cases == 0 {
		where := strings.Join(opts.Paths, ", ")
		if where == "" {
			where = opts.Dir
		}
		return fmt.Errorf("no test cases in %s (looked for %s files of kind %s)", where, ruletest.Glob, soc.KindRuleTests)
	}

	results := ruletest.Run(rs, suites)
	failed := 0
	for _, r := range results {
		if !r.Passed() {
			failed++
		}
	}
	uncovered := ruletest.Coverage(rs, results)
	if opts.Format == "text" {
		// A failing case shows its whole outcome, ready to paste as its
		// expect. Not in JUnit: its failure message counts the failures.
		shown := make([]*ruletest.Result, len(results))
		for i, r := range results {
			shown[i] = r.WithOutcome()
		}
		results = shown
	}
	covered := len(rs.Rules) - len(uncovered)
	pct := 100 * float64(covered) / float64(max(len(rs.Rules), 1))
	belowThreshold := opts.Threshold > 0 && pct < opts.Threshold
	err = draw.RuleTests(opts.IO.Out, render.RuleTests{
		Results: results, Failed: failed, Verbose: opts.Verbose,
		ShowCoverage: opts.Coverage || belowThreshold, Covered: covered, Total: len(rs.Rules), Percent: pct,
		Uncovered: uncovered, Dir: opts.Dir, BelowThreshold: belowThreshold, Threshold: opts.Threshold,
	}, toolOf(rs))
	if err != nil {
		return err
	}
	if failed > 0 || belowThreshold {
		return &reportedError{code: ExitFindings, what: "rule tests failed"}
	}
	return nil
}
