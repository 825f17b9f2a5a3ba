package render

import (
	"fmt"
	"io"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/prose"
)

// CheckRun is what every check format's header and summary need: the
// options the profiles were checked with, and how to show the results.
type CheckRun struct {
	// Options are the check's own: the as-of date and the failing
	// severity the results were judged by.
	check.Options
	// Quiet leaves out passing profiles and findings below FailOn.
	Quiet bool
	// Catalog names the ids for people.
	Catalog *engine.Catalog
	// Rules names a ruleset other than the embedded default (its
	// directory) in the summary; empty for the default.
	Rules string
	// Tool says what judged; the JSON, JUnit and SARIF outputs record it.
	Tool Tool
}

// CheckRenderer draws check results as they come, so that a large run is
// never held in memory: Begin once, Result for each profile in path order,
// End with the summary of every profile (shown or not).
type CheckRenderer interface {
	Begin(w io.Writer) error
	Result(w io.Writer, r *check.Result) error
	End(w io.Writer, s check.Summary) error
}

// CheckFormat is implemented by the drawer of each format that draws
// check results; NewCheck starts a run with it.
type CheckFormat interface {
	check(run CheckRun) CheckRenderer
}

// everyProfile is implemented by a CheckRenderer that lists every profile
// whatever --quiet says.
type everyProfile interface {
	listsEveryProfile() bool
}

// NewCheck returns the drawing of a check run in a format, or an error
// naming the formats that draw check results.
func NewCheck(format string, run CheckRun, opts Options) (CheckRenderer, error) {
	f, err := CheckOutput.Get(format, opts)
	if err != nil {
		return nil, err
	}
	r := f.check(run)
	if e, ok := r.(everyProfile); run.Quiet && !(ok && e.listsEveryProfile()) {
		r = quiet{r, run.FailOn}
	}
	return r, nil
}

// quiet passes on only what fails: profiles that did not pass, and their
// findings at or above the failing severity. The human formats print
// nothing at all when nothing failed.
type quiet struct {
	CheckRenderer
	failOn check.Severity
}

func (q quiet) Result(w io.Writer, r *check.Result) error {
	if r.Status == check.Pass {
		return nil
	}
	return q.CheckRenderer.Result(w, q.shown(r))
}

// shown is r with only the findings that fail.
func (q quiet) shown(r *check.Result) *check.Result {
	shown := *r
	shown.Findings = nil
	for _, f := range r.Findings {
		if f.Fails(q.failOn) {
			shown.Findings = append(shown.Findings, f)
		}
	}
	return &shown
}

// silent says whether a human format prints nothing: --quiet, and
// nothing failed.
func silent(run CheckRun, s check.Summary) bool { return run.Quiet && s.Failed+s.Errors == 0 }

var statusWord = map[check.Status]string{check.Pass: "PASS ", check.Fail: "FAIL ", check.Errored: "ERROR"}

// about names a result's file, profile and advice, after its status:
// "vendors/acme.yaml (acme-payroll): SOC 1 Type II", the file and profile
// made visible for a terminal or a log.
func about(r *check.Result) string {
	s := visible(r.File)
	if r.Profile != "" {
		s += " (" + visible(r.Profile) + ")"
	}
	if r.Decision != nil {
		s += ": " + r.Decision.Summary
	}
	return s
}

// at is where a finding is, compiler-style: FILE:LINE:COL, or FILE when
// the file could not be read at all; the file made visible.
func at(file string, f check.Finding) string {
	if f.Line == 0 {
		return visible(file)
	}
	return fmt.Sprintf("%s:%d:%d", visible(file), f.Line, f.Column)
}

// summaryLine is the last line of text-like formats.
func summaryLine(run CheckRun, s check.Summary) string {
	line := fmt.Sprintf("%s checked as of %s: %d passed, %d failed, %d could not be checked",
		prose.Plural(s.Files, "profile"), calendar.Day(run.AsOf), s.Passed, s.Failed, s.Errors)
	if s.Waived > 0 {
		line += fmt.Sprintf("; %s waived", prose.Plural(s.Waived, "finding"))
	}
	if run.NoWaivers {
		line += "; waivers ignored (--no-waivers)"
	}
	if run.FailOn != check.Error {
		line += fmt.Sprintf(" (failing on %s and above)", run.FailOn)
	}
	if run.Rules != "" {
		line += fmt.Sprintf(" with the rules in %s", visible(run.Rules))
	}
	return line
}

// eachFinding is findings with each problem of an invalid file at its own
// line (check.Finding.Each), as every format lists them.
func eachFinding(findings []check.Finding) []check.Finding {
	var out []check.Finding
	for _, f := range findings {
		out = append(out, f.Each()...)
	}
	return out
}
