package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/prose"
)

// junit draws check results as a JUnit XML report, which CI systems show
// as test results.
type junit struct{}

func newJUnit(Options) any { return junit{} }

func (junit) check(run CheckRun) CheckRenderer { return &junitRun{run: run} }

// junitRun writes one testsuite with a testcase per profile: a failure for
// a profile that fails, an error for one that could not be checked. JUnit
// puts the counts in the opening tags, so the testcases (a few strings
// each) are kept until End.
type junitRun struct {
	run   CheckRun
	cases []junitCase
	fails int
	errs  int
}

// listsEveryProfile: JUnit always lists every profile, whatever --quiet
// says: its readers count the testcases, and a suite with none reads as
// "no tests found".
func (*junitRun) listsEveryProfile() bool { return true }

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func (j *junitRun) Begin(io.Writer) error { return nil }

func (j *junitRun) Result(_ io.Writer, r *check.Result) error {
	// The file names the testcase: unique, where two profiles may share a
	// metadata.name.
	// XML 1.0 cannot hold control characters (encoding/xml writes U+FFFD
	// for them): the file's name and the messages are made visible.
	file := visible(r.File)
	c := junitCase{Name: file, Classname: "socpick.check", File: file}
	var failing, other []string
	var first *check.Finding
	for i, each := range r.Findings {
		var lines []string
		for _, f := range each.Each() {
			lines = append(lines, fmt.Sprintf("%s: %s %s: %s", at(r.File, f), f.Severity, f.Code, visibleLines(f.Message)))
		}
		if each.Fails(j.run.FailOn) || r.Status == check.Errored {
			failing = append(failing, lines...)
			if first == nil {
				first = &r.Findings[i]
			}
		} else {
			other = append(other, lines...)
		}
	}
	if r.Decision != nil {
		other = append([]string{"recommended: " + r.Decision.Summary}, other...)
	}
	c.SystemOut = strings.Join(other, "\n")
	if first != nil {
		msg := first.Code + ": " + visible(strings.SplitN(first.Message, "\n", 2)[0])
		if len(failing) > 1 {
			msg += fmt.Sprintf(" (and %d more)", len(failing)-1)
		}
		p := &junitProblem{Message: msg, Type: first.Code, Text: strings.Join(failing, "\n")}
		c.Line = first.Line
		switch r.Status {
		case check.Errored:
			c.Error = p
			j.errs++
		case check.Fail:
			c.Failure = p
			j.fails++
		}
	}
	j.cases = append(j.cases, c)
	return nil
}

func (j *junitRun) End(w io.Writer, _ check.Summary) error {
	// --quiet does not apply to JUnit (see listsEveryProfile): every
	// profile is a testcase, and the counts are theirs.
	suite := junitSuite{
		Name: "socpick check", Tests: len(j.cases), Failures: j.fails, Errors: j.errs,
		Properties: append([]junitProperty{
			{Name: "as_of", Value: calendar.Day(j.run.AsOf)},
			{Name: "fail_on", Value: j.run.FailOn.String()},
		}, toolProperties(j.run.Tool)...),
		Cases: j.cases,
	}
	return writeJUnit(w, []junitSuite{suite})
}

// toolProperties record what judged, in every suite: socpick's version
// and the ruleset, by name and digest.
func toolProperties(t Tool) []junitProperty {
	return []junitProperty{
		{Name: "socpick_version", Value: t.Version},
		{Name: "rules", Value: t.Rules},
		{Name: "ruleset_digest", Value: t.RulesetDigest},
	}
}

// writeJUnit writes the suites under one testsuites root, whose counts
// are their sums.
func writeJUnit(w io.Writer, suites []junitSuite) error {
	doc := junitSuites{Name: "socpick", Suites: suites}
	for _, s := range suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
	}
	data, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s%s\n", xml.Header, data)
	return err
}

// --- rule tests ---

// RuleTests writes a testsuite per test file, named by its path, with a
// testcase per case; a failing case's failure holds what the text format
// shows of it, expected against actual. With --threshold, a last suite
// named after the ruleset holds the testcase CoverageCase, which fails
// below the threshold.
func (junit) RuleTests(w io.Writer, rt RuleTests, tool Tool) error {
	var suites []junitSuite
	for i, r := range rt.Results {
		file := visible(r.Suite.File)
		if i == 0 || r.Suite != rt.Results[i-1].Suite {
			suites = append(suites, junitSuite{Name: file, Properties: toolProperties(tool)})
		}
		s := &suites[len(suites)-1]
		c := junitCase{Name: visible(r.Case.Name), Classname: file, File: file, Line: r.Case.Pos.Line}
		if !r.Passed() {
			msg := prose.OneLine(visibleLines(r.Failures[0]))
			if len(r.Failures) > 1 {
				msg += fmt.Sprintf(" (and %d more)", len(r.Failures)-1)
			}
			// The body as the text format shows it, with the whole outcome
			// to paste into the test file.
			c.Failure = &junitProblem{Message: msg, Type: "expectation", Text: visibleLines(strings.Join(r.WithOutcome().Failures, "\n"))}
			s.Failures++
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
	}
	if rt.Threshold > 0 {
		dir := visible(rt.Dir)
		c := junitCase{Name: CoverageCase, Classname: dir, File: dir}
		s := junitSuite{Name: dir, Tests: 1, Properties: toolProperties(tool), Cases: []junitCase{c}}
		var lines []string
		for _, r := range rt.Uncovered {
			lines = append(lines, fmt.Sprintf("not covered: %s (%s:%d)", r.ID, visible(filepath.Join(rt.Dir, r.File)), r.Pos.Line))
		}
		coverage := fmt.Sprintf("%d of %d rules fire in some case (%.1f%%)", rt.Covered, rt.Total, rt.Percent)
		if rt.BelowThreshold {
			s.Cases[0].Failure = &junitProblem{
				Message: fmt.Sprintf("coverage %.1f%% is below the threshold of %g%%", rt.Percent, rt.Threshold),
				Type:    CoverageCase,
				Text:    strings.Join(append([]string{coverage}, lines...), "\n"),
			}
			s.Failures = 1
		} else {
			s.Cases[0].SystemOut = strings.Join(append([]string{coverage}, lines...), "\n")
		}
		suites = append(suites, s)
	}
	return writeJUnit(w, suites)
}
