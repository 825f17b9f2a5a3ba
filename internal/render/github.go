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

type githubRun struct {
	run CheckRun
	// annotations counts the annotations written, against GitHub's limit.
	annotations int
}

// GitHubAnnotationLimit is how many annotations of each level GitHub shows
// for a step; the others are in the log only.
const GitHubAnnotationLimit = 10

var ghLevel = map[check.Severity]string{check.Error: "error", check.Warning: "warning", check.Info: "notice"}

func (g *githubRun) Begin(io.Writer) error { return nil }

func (g *githubRun) Result(out io.Writer, r *check.Result) error {
	w := &writer{w: out}
	// A plain line of the log: about escapes the file's name, which could
	// otherwise end the line and start a command of its own.
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
			props = "file=" + ghProperty(filepath.ToSlash(r.File))
			if f.Line > 0 {
				props += fmt.Sprintf(",line=%d,col=%d", f.Line, f.Column)
			}
			props += ","
		}
		props += "title=" + ghProperty(f.Code)
		if r.File == check.StdinName && f.Line > 0 {
			f.Message = fmt.Sprintf("%s:%d:%d: %s", check.StdinName, f.Line, f.Column, f.Message)
		}
		w.command(fmt.Sprintf("::%s %s::%s", ghLevel[f.Severity], props, ghData(f.Message)))
		g.annotations++
	}
	return w.err
}

func (g *githubRun) End(out io.Writer, s check.Summary) error {
	if silent(g.run, s) {
		return nil
	}
	w := &writer{w: out}
	if g.annotations > GitHubAnnotationLimit {
		w.command(fmt.Sprintf("::notice title=socpick::%s", ghData(fmt.Sprintf(
			"%d findings were annotated; GitHub shows at most %d annotations of each level for a step, so some are in this log only. Use --format sarif for code scanning, or --format markdown for the job summary, to see them all.",
			g.annotations, GitHubAnnotationLimit))))
	}
	w.line(summaryLine(g.run, s))
	return w.err
}
