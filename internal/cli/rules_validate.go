package cli

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/buildinfo"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/render"
	"github.com/socpick/socpick/internal/strictyaml"
)

type rulesValidateOptions struct {
	*rulesContext
	Samples int
	// Timeout is validate's time budget: the search for rules that never
	// fire stops there and says what it did not finish.
	Timeout time.Duration
	Format  string
}

func newRulesValidateCmd(rc *rulesContext) *cobra.Command {
	opts := &rulesValidateOptions{rulesContext: rc}
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Load and compile the ruleset; warn of rules that never fire and questions no rule reads",
		Long: `Load and compile every file of the ruleset. Errors (bad YAML, an unknown key,
an unknown answer key or a type mismatch in a condition, an unknown report,
type, criterion or also-consider id, a duplicate rule id) are listed as
FILE:LINE:COL, with exit status 2.

Then look for what loading cannot see:
  - questions whose answer no rule's condition reads (warning);
  - by evaluating sampled answer sets (the answer space is too large to walk
    whole): rules that never fire (warning), rules of the same priority
    that set a report's type differently for the same answers (warning),
    and answers the ruleset cannot evaluate, such as a recommended report
    that no rule gives a type, or a rule whose condition fails at run time
    (error, exit status 2).

The search has a time budget (--timeout): a ruleset slow to evaluate is
not searched for ever. When the budget runs out, validate says how many
answer sets it sampled and which rules it did not finish looking at.

--format json writes a document for programs: the tool and ruleset digest,
each problem (severity, file, line, column, the rule it is about, message)
and the counts. --format github writes GitHub Actions annotations
(::error file=F,line=L,col=C::message), so that a pull request shows each
problem on its line. Both also report a ruleset that does not load, each
of its errors at its place, with exit status 2; text leaves those errors to
standard error, as every command does.`,
		Example: `  socpick rules validate
  socpick --rules my-rules rules validate
  socpick --rules my-rules rules validate --format github
  socpick --rules my-rules rules validate --format json | jq '.problems[] | select(.severity == "error")'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runRulesValidate(cmd.Context(), opts) },
	}
	cmd.Flags().IntVar(&opts.Samples, "samples", 20000, "evaluate `N` answer sets, looking for rules that never fire")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 30*time.Second, "stop the search for rules that never fire after `DURATION` (30s, 5m)")
	addFormatFlag(cmd, &opts.Format, "text", "output format", render.ValidationOutput)
	return cmd
}

func runRulesValidate(ctx context.Context, opts *rulesValidateOptions) error {
	if opts.Samples < 1 {
		return usageErrorf("--samples: %d is too few (want 1 or more)", opts.Samples)
	}
	if opts.Timeout <= 0 {
		return usageErrorf("--timeout: %v is too short (want a duration such as 30s or 5m)", opts.Timeout)
	}
	draw, err := render.ValidationOutput.Get(opts.Format, opts.IO.renderOptions())
	if err != nil {
		return formatError(err)
	}
	if err := opts.load(); err != nil {
		// Text leaves a ruleset that does not load to the error on
		// standard error, as every command does; the other formats are
		// read by CI, which should see the load's errors at their lines.
		if opts.Format == "text" {
			return err
		}
		v := render.Validation{
			Tool: render.Tool{Name: "socpick", Version: buildinfo.Read().Version, Rules: opts.Dir},
			Dir:  opts.Dir, Problems: loadProblems(err),
		}
		if err := draw.Validation(opts.IO.Out, v); err != nil {
			return err
		}
		return &reportedError{code: ExitUsage, what: "the ruleset does not load"}
	}
	rs := opts.Ruleset
	budget, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	an := rs.Analyze(budget, opts.Samples)
	if err := ctx.Err(); err != nil {
		return err // interrupted (Ctrl-C): not the budget
	}
	findings := an.Findings
	if an.Cut {
		msg := fmt.Sprintf("validate did not finish within its time budget (--timeout %v): it sampled %d of %d answer sets",
			opts.Timeout, an.Sampled, opts.Samples)
		if len(an.Unwalked) > 0 {
			msg += fmt.Sprintf(", and did not finish looking at %s that fired in no sample: %s",
				prose.Plural(len(an.Unwalked), "rule"), strings.Join(an.Unwalked, ", "))
		}
		findings = append(findings, engine.Finding{Msg: msg + "; a longer --timeout, or fewer --samples, lets it finish"})
	}
	v := render.Validation{
		Tool: toolOf(rs), Dir: opts.Dir, Loaded: true,
		Rules: len(rs.Rules), Questions: len(rs.Questions.Questions), Sampled: an.Sampled, Samples: opts.Samples,
	}
	for _, f := range findings {
		p := render.Problem{Severity: render.SeverityWarning, Line: f.Pos.Line, Column: f.Pos.Column, Message: f.Msg}
		if f.Error {
			p.Severity = render.SeverityError
		}
		if f.File != "" {
			p.File = opts.path(f.File)
			p.Rule = ruleAt(rs, f.File, f.Pos)
		}
		v.Problems = append(v.Problems, p)
	}
	if err := draw.Validation(opts.IO.Out, v); err != nil {
		return err
	}
	if errs, _ := v.Counts(); errs > 0 {
		return &reportedError{code: ExitUsage, what: "the ruleset cannot evaluate some answers"}
	}
	return nil
}

// ruleAt returns the id of the rule of file whose entry holds pos: the
// last to start at or before it. "" for a position in no rule.
func ruleAt(rs *engine.Ruleset, file string, pos strictyaml.Pos) string {
	id := ""
	for _, r := range rs.Rules {
		if r.File == file && pos.Line > 0 && r.Pos.Line <= pos.Line {
			id = r.ID
		}
	}
	return id
}

// loadRuleID reads the rule a load error is about from the loader's
// messages, which name it first: "rule ID: when: ...".
var loadRuleID = regexp.MustCompile(`^rule ([a-z0-9][a-z0-9-]*): `)

// loadProblems are the errors of a ruleset that did not load, each at its
// FILE:LINE:COL where it has one.
func loadProblems(err error) []render.Problem {
	if probs, ok := err.(*strictyaml.Problems); ok {
		var out []render.Problem
		for _, it := range probs.Items {
			p := render.Problem{Severity: render.SeverityError, File: probs.File, Line: it.Line, Column: it.Column, Message: it.Msg}
			if m := loadRuleID.FindStringSubmatch(it.Msg); m != nil {
				p.Rule = m[1]
			}
			out = append(out, p)
		}
		return out
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []render.Problem
		for _, e := range joined.Unwrap() {
			out = append(out, loadProblems(e)...)
		}
		return out
	}
	return []render.Problem{{Severity: render.SeverityError, Message: err.Error()}}
}
