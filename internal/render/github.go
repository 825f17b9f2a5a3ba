package render

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/socpick/socpick/internal/check"
)

// github draws check results as GitHub Actions workflow commands, which
// the runner turns into annotations on the files' lines, with a plain
// status line per profile for the log.
type github struct{}

func newGitHub(Options) any { return github{} }

func (github) check(run CheckRun) CheckRenderer { return &githubRun{run: run} }

type githubRun struct{ run CheckRun }

var ghLevel = map[check.Severity]string{check.Error: "error", check.Warning: "warning", check.Info: "notice"}

// ghData and ghProperty escape a workflow command's message and its
// property values, as @actions/core does.
var (
	ghData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func (g *githubRun) Begin(io.Writer) error { return nil }

func (g *githubRun) Result(out io.Writer, r *check.Result) error {
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

func (g *githubRun) End(out io.Writer, s check.Summary) error {
	if silent(g.run, s) {
		return nil
	}
	_, err := fmt.Fprintln(out, summaryLine(g.run, s))
	return err
}
