package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/socpick/socpick/internal/check"
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
		if each.Severity >= j.run.FailOn || r.Status == check.Errored {
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
		Properties: []junitProperty{
			{Name: "as_of", Value: j.run.AsOf.Format(time.DateOnly)},
			{Name: "fail_on", Value: j.run.FailOn.String()},
			{Name: "socpick_version", Value: j.run.Tool.Version},
			{Name: "rules", Value: j.run.Tool.Rules},
			{Name: "ruleset_digest", Value: j.run.Tool.RulesetDigest},
		},
		Cases: j.cases,
	}
	doc := junitSuites{Name: "socpick", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Suites: []junitSuite{suite}}
	data, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s%s\n", xml.Header, data)
	return err
}
