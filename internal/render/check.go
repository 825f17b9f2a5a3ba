package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/soc"
)

// CheckFormats are the output formats of `socpick check`, for flag
// validation and completion.
var CheckFormats = []string{"text", "json", "junit", "github", "markdown"}

// CheckRun describes a check run: what every format's header and summary
// need.
type CheckRun struct {
	AsOf   time.Time
	FailOn check.Severity
	// Quiet leaves out passing profiles and findings below FailOn.
	Quiet bool
	// Catalog names the ids for people.
	Catalog *engine.Catalog
	// Rules names a ruleset other than the embedded default (its
	// directory) in the summary; empty for the default.
	Rules string
}

// CheckRenderer draws check results as they come, so that a large run is
// never held in memory: Begin once, Result for each profile in path order,
// End with the summary of every profile (shown or not).
type CheckRenderer interface {
	Begin(w io.Writer) error
	Result(w io.Writer, r *check.Result) error
	End(w io.Writer, s check.Summary) error
}

// Preparer is a CheckRenderer that can do the costly part of writing a
// result ahead of its turn, on any goroutine (check.Runner.Prepare);
// Result then writes the prepared bytes it finds in check.Result.Rendered.
type Preparer interface {
	Prepare(r *check.Result) ([]byte, error)
}

// GetCheck returns the check renderer for a format, or an error naming the
// formats.
func GetCheck(format string, run CheckRun, opts Options) (CheckRenderer, error) {
	var r CheckRenderer
	switch format {
	case "text":
		r = &checkText{run: run, color: opts.Color}
	case "json":
		r = &checkJSON{run: run}
	case "junit":
		r = &junit{run: run}
	case "github":
		r = &github{run: run}
	case "markdown":
		r = &checkMarkdown{run: run}
	default:
		return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(CheckFormats, ", "))
	}
	// JUnit always lists every profile: its readers count the testcases,
	// and a suite with none reads as "no tests found".
	if run.Quiet && format != "junit" {
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
		if f.Severity >= q.failOn {
			shown.Findings = append(shown.Findings, f)
		}
	}
	return &shown
}

// Prepare prepares what Result will write, if the format prepares.
func (q quiet) Prepare(r *check.Result) ([]byte, error) {
	p, ok := q.CheckRenderer.(Preparer)
	if !ok || r.Status == check.Pass {
		return nil, nil
	}
	return p.Prepare(q.shown(r))
}

// about names a result's file, profile and advice, after its status:
// "vendors/acme.yaml (acme-payroll): SOC 1 Type II".
func about(r *check.Result) string {
	s := r.File
	if r.Profile != "" {
		s += " (" + r.Profile + ")"
	}
	if r.Decision != nil {
		s += ": " + r.Decision.Summary
	}
	return s
}

// at is where a finding is, compiler-style: FILE:LINE:COL, or FILE when
// the file could not be read at all.
func at(file string, f check.Finding) string {
	if f.Line == 0 {
		return file
	}
	return fmt.Sprintf("%s:%d:%d", file, f.Line, f.Column)
}

// summaryLine is the last line of text-like formats.
func summaryLine(run CheckRun, s check.Summary) string {
	line := fmt.Sprintf("%s checked as of %s: %d passed, %d failed, %d could not be checked",
		prose.Plural(s.Files, "profile"), run.AsOf.Format(time.DateOnly), s.Passed, s.Failed, s.Errors)
	if run.FailOn != check.Error {
		line += fmt.Sprintf(" (failing on %s and above)", run.FailOn)
	}
	if run.Rules != "" {
		line += fmt.Sprintf(" with the rules in %s", run.Rules)
	}
	return line
}

// --- text ---

const (
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	cyan   = "\x1b[36m"
)

type checkText struct {
	run   CheckRun
	color bool
}

var statusWord = map[check.Status]string{check.Pass: "PASS ", check.Fail: "FAIL ", check.Errored: "ERROR"}

func (t *checkText) Begin(io.Writer) error { return nil }

func (t *checkText) Result(out io.Writer, r *check.Result) error {
	w := &writer{w: out, color: t.color}
	status := statusWord[r.Status]
	switch r.Status {
	case check.Pass:
		status = w.style(green, status)
	default:
		status = w.style(bold+red, status)
	}
	w.line(status + " " + about(r))
	for _, each := range r.Findings {
		for _, f := range each.Each() {
			lines := strings.Split(f.Message, "\n")
			w.line(fmt.Sprintf("  %s: %s %s: %s", at(r.File, f), t.severity(w, f.Severity), f.Code, lines[0]))
			for _, l := range lines[1:] {
				w.line("      " + l)
			}
		}
	}
	return w.err
}

func (t *checkText) severity(w *writer, s check.Severity) string {
	switch s {
	case check.Error:
		return w.style(red, s.String())
	case check.Warning:
		return w.style(yellow, s.String())
	}
	return w.style(cyan, s.String())
}

// silent says whether a human format prints nothing: --quiet, and
// nothing failed.
func silent(run CheckRun, s check.Summary) bool { return run.Quiet && s.Failed+s.Errors == 0 }

func (t *checkText) End(out io.Writer, s check.Summary) error {
	w := &writer{w: out, color: t.color}
	if silent(t.run, s) {
		return nil
	}
	w.line("")
	w.line(w.style(bold, summaryLine(t.run, s)))
	return w.err
}

// --- json ---

// checkJSON streams the document of contract section 5: the envelope, each
// result as it comes, the summary. The bytes are those json.Encoder would
// write for the whole document with two-space indentation.
type checkJSON struct {
	run CheckRun
	n   int
	// buf and enc are reused from result to result: the encoder keeps its
	// indentation buffer.
	buf bytes.Buffer
	enc *json.Encoder
}

// CheckResultJSON is one result in the document of contract section 5.
type CheckResultJSON struct {
	File           string          `json:"file"`
	Profile        string          `json:"profile"`
	Status         check.Status    `json:"status"`
	Recommendation *Recommendation `json:"recommendation"`
	Findings       []check.Finding `json:"findings"`
}

// NewCheckResultJSON shapes a result as the contract has it.
func NewCheckResultJSON(r *check.Result) CheckResultJSON {
	out := CheckResultJSON{File: r.File, Profile: r.Profile, Status: r.Status, Findings: r.Findings}
	if out.Findings == nil {
		out.Findings = []check.Finding{}
	}
	if r.Decision != nil {
		rec := NewRecommendation(Advice{Profile: r.Profile, Decision: r.Decision})
		out.Recommendation = &rec
	}
	return out
}

// encode writes v's JSON, indented under prefix, into j.buf, without the
// encoder's newline.
func (j *checkJSON) encode(v any, prefix string) ([]byte, error) {
	if j.enc == nil {
		j.enc = json.NewEncoder(&j.buf)
		j.enc.SetEscapeHTML(false)
	}
	j.buf.Reset()
	j.enc.SetIndent(prefix, "  ")
	if err := j.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")), nil
}

// Prepare encodes a result as Result would, on any goroutine.
func (j *checkJSON) Prepare(r *check.Result) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	if err := enc.Encode(NewCheckResultJSON(r)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func (j *checkJSON) Begin(w io.Writer) error {
	_, err := fmt.Fprintf(w, "{\n  \"apiVersion\": %q,\n  \"kind\": %q,\n  \"as_of\": %q,\n  \"results\": [",
		soc.APIVersion, soc.KindCheckResult, j.run.AsOf.Format(time.DateOnly))
	return err
}

func (j *checkJSON) Result(w io.Writer, r *check.Result) error {
	data := r.Rendered
	if data == nil {
		var err error
		if data, err = j.encode(NewCheckResultJSON(r), "    "); err != nil {
			return err
		}
	}
	sep := ",\n    "
	if j.n == 0 {
		sep = "\n    "
	}
	j.n++
	if _, err := io.WriteString(w, sep); err != nil {
		return err
	}
	_, err := w.Write(data)
	return err
}

func (j *checkJSON) End(w io.Writer, s check.Summary) error {
	data, err := j.encode(s, "  ")
	if err != nil {
		return err
	}
	end := "\n  ]"
	if j.n == 0 {
		end = "]"
	}
	_, err = io.WriteString(w, end+",\n  \"summary\": "+string(data)+"\n}\n")
	return err
}

// --- junit ---

// junit writes one testsuite with a testcase per profile: a failure for a
// profile that fails, an error for one that could not be checked. JUnit
// puts the counts in the opening tags, so the testcases (a few strings
// each) are kept until End.
type junit struct {
	run   CheckRun
	cases []junitCase
	fails int
	errs  int
}

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

func (j *junit) Begin(io.Writer) error { return nil }

func (j *junit) Result(_ io.Writer, r *check.Result) error {
	// The file names the testcase: unique, where two profiles may share a
	// metadata.name.
	c := junitCase{Name: r.File, Classname: "socpick.check", File: r.File}
	var failing, other []string
	var first *check.Finding
	for i, each := range r.Findings {
		var lines []string
		for _, f := range each.Each() {
			lines = append(lines, fmt.Sprintf("%s: %s %s: %s", at(r.File, f), f.Severity, f.Code, f.Message))
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
		msg := first.Code + ": " + strings.SplitN(first.Message, "\n", 2)[0]
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

func (j *junit) End(w io.Writer, _ check.Summary) error {
	// --quiet does not apply to JUnit (see GetCheck): every profile is a
	// testcase, and the counts are theirs.
	suite := junitSuite{
		Name: "socpick check", Tests: len(j.cases), Failures: j.fails, Errors: j.errs,
		Properties: []junitProperty{
			{Name: "as_of", Value: j.run.AsOf.Format(time.DateOnly)},
			{Name: "fail_on", Value: j.run.FailOn.String()},
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

// --- github ---

// github writes GitHub Actions workflow commands, which the runner turns
// into annotations on the files' lines, with a plain status line per
// profile for the log.
type github struct{ run CheckRun }

var ghLevel = map[check.Severity]string{check.Error: "error", check.Warning: "warning", check.Info: "notice"}

// ghData and ghProperty escape a workflow command's message and its
// property values, as @actions/core does.
var (
	ghData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func (g *github) Begin(io.Writer) error { return nil }

func (g *github) Result(out io.Writer, r *check.Result) error {
	w := &writer{w: out}
	w.line(strings.TrimSpace(statusWord[r.Status]) + " " + about(r))
	var each []check.Finding
	for _, f := range r.Findings {
		each = append(each, f.Each()...)
	}
	for _, f := range each {
		// Annotations land on repository paths, slash-separated on every
		// runner; standard input has no file to land on.
		props := ""
		if r.File != check.StdinName {
			props = "file=" + ghProperty.Replace(filepath.ToSlash(r.File))
			if f.Line > 0 {
				props += fmt.Sprintf(",line=%d,col=%d", f.Line, f.Column)
			}
			props += ","
		}
		props += "title=" + ghProperty.Replace(f.Code)
		if r.File == check.StdinName && f.Line > 0 {
			f.Message = fmt.Sprintf("%s:%d:%d: %s", check.StdinName, f.Line, f.Column, f.Message)
		}
		w.line(fmt.Sprintf("::%s %s::%s", ghLevel[f.Severity], props, ghData.Replace(f.Message)))
	}
	return w.err
}

func (g *github) End(out io.Writer, s check.Summary) error {
	if silent(g.run, s) {
		return nil
	}
	_, err := fmt.Fprintln(out, summaryLine(g.run, s))
	return err
}

// --- markdown ---

// checkMarkdown writes a section per profile with a table of its
// findings, fit for a pull-request comment or a job summary.
type checkMarkdown struct {
	run    CheckRun
	headed bool
}

func (m *checkMarkdown) Begin(io.Writer) error { return nil }

// head writes the title before the first section, so that a quiet run
// where nothing failed writes nothing.
func (m *checkMarkdown) head(out io.Writer) error {
	if m.headed {
		return nil
	}
	m.headed = true
	_, err := fmt.Fprintf(out, "## socpick check, as of %s\n", m.run.AsOf.Format(time.DateOnly))
	return err
}

var mdStatus = map[check.Status]string{check.Pass: "✅ pass", check.Fail: "❌ fail", check.Errored: "⛔ error"}

func (m *checkMarkdown) Result(out io.Writer, r *check.Result) error {
	if err := m.head(out); err != nil {
		return err
	}
	w := &writer{w: out}
	head := fmt.Sprintf("### %s: `%s`", mdStatus[r.Status], r.File)
	if r.Profile != "" {
		head += " (" + md(r.Profile) + ")"
	}
	w.line("")
	w.line(head)
	w.line("")
	if r.Decision != nil {
		w.line("Recommended: " + md(r.Decision.Summary) + ".")
	}
	if len(r.Findings) == 0 {
		if r.Decision != nil {
			w.line("")
		}
		w.line("No findings.")
		return w.err
	}
	if r.Decision != nil {
		w.line("")
	}
	w.line("| severity | finding | report | line | message |")
	w.line("|---|---|---|---|---|")
	for _, f := range r.Findings {
		line := "-"
		if f.Line > 0 {
			line = fmt.Sprintf("%d:%d", f.Line, f.Column)
		}
		report := "-"
		if f.Report != "" && m.run.Catalog != nil {
			report = md(m.run.Catalog.Name(f.Report))
		}
		msg := strings.ReplaceAll(cell(f.Message), "\n", "<br>")
		w.line(fmt.Sprintf("| %s | `%s` | %s | %s | %s |", f.Severity, f.Code, report, line, msg))
	}
	return w.err
}

func (m *checkMarkdown) End(out io.Writer, s check.Summary) error {
	if silent(m.run, s) {
		return nil
	}
	if err := m.head(out); err != nil {
		return err
	}
	_, err := fmt.Fprintf(out, "\n**%s.**\n", md(summaryLine(m.run, s)))
	return err
}
