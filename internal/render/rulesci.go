package render

import (
	"fmt"
	"io"

	"github.com/socpick/socpick/internal/prose"
)

// The outputs of the two commands a rules repository's CI runs: `rules
// test` (its cases as test results) and `rules validate` (the problems
// with the ruleset, as annotations or a document).
var (
	// RuleTestsOutput draws `rules test`.
	RuleTestsOutput Output[RuleTestsRenderer]
	// ValidationOutput draws `rules validate`.
	ValidationOutput Output[ValidationRenderer]
)

// RuleTestsRenderer draws the outcome of `rules test`; tool says what ran
// the cases, for the formats that record it.
type RuleTestsRenderer interface {
	RuleTests(w io.Writer, t RuleTests, tool Tool) error
}

// CoverageCase names the testcase that stands for --threshold in JUnit:
// it fails when fewer rules than the threshold fire in some case.
const CoverageCase = "coverage"

// ValidationRenderer draws the outcome of `rules validate`.
type ValidationRenderer interface {
	Validation(w io.Writer, v Validation) error
}

// Validation is what `rules validate` draws: the problems with a ruleset,
// and how much of it was looked at.
type Validation struct {
	Tool Tool
	// Dir names the ruleset for a person: the --rules directory, or
	// "rules" for the embedded default.
	Dir string
	// Loaded is false when the ruleset did not load: Problems are why,
	// and nothing was searched.
	Loaded bool
	// Rules and Questions count the ruleset's; Sampled of Samples
	// answer sets were evaluated.
	Rules, Questions int
	Sampled, Samples int
	Problems         []Problem
}

// Problem is one thing validate found, at its place when it has one.
type Problem struct {
	// Severity is SeverityError or SeverityWarning.
	Severity string `json:"severity"`
	// File names the file as the user reaches it (DIR/NAME); Line and
	// Column are 1-based, 0 when the problem has no place.
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	// Rule is the id of the rule the problem is about, if any.
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message"`
}

// The severities of a Problem: an error fails validate (exit 2), a
// warning does not.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// at writes where the problem is, as compilers do: FILE:LINE:COL, FILE,
// or "" for none.
func (p Problem) at() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
	}
	return p.File
}

// Counts returns how many problems are errors and how many warnings.
func (v Validation) Counts() (errs, warns int) {
	for _, p := range v.Problems {
		if p.Severity == SeverityError {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}

// summary is the last line of text and github: what was looked at and
// what was found.
func (v Validation) summary() string {
	errs, warns := v.Counts()
	found := prose.Plural(errs, "error") + ", " + prose.Plural(warns, "warning")
	if !v.Loaded {
		return fmt.Sprintf("%s: the ruleset did not load: %s", visible(v.Dir), found)
	}
	sampled := fmt.Sprint(v.Sampled)
	if v.Sampled < v.Samples {
		sampled = fmt.Sprintf("%d of %d", v.Sampled, v.Samples)
	}
	return fmt.Sprintf("%s: %d rules, %d questions: %s (%s answer sets sampled)",
		visible(v.Dir), v.Rules, v.Questions, found, sampled)
}
