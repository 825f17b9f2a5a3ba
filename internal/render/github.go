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
	for _, f := range eachFinding(r.Findings) {
		// Standard input has no file to land on.
		file := r.File
		if file == check.StdinName {
			file = ""
			if f.Line > 0 {
				f.Message = fmt.Sprintf("%s:%d:%d: %s", check.StdinName, f.Line, f.Column, f.Message)
			}
		}
		w.command(ghAnnotation(ghLevel[f.Severity], file, f.Line, f.Column, f.Code, f.Message))
		g.annotations++
	}
	return w.err
}

// ghAnnotation is the workflow command of an annotation at level (error,
// warning, notice) on file at line and col, each left out when "" or 0,
// titled title when given. Annotations land on repository paths,
// slash-separated on every runner.
func ghAnnotation(level, file string, line, col int, title, msg string) string {
	var props []string
	if file != "" {
		props = append(props, "file="+ghProperty(filepath.ToSlash(file)))
		if line > 0 {
			props = append(props, fmt.Sprintf("line=%d", line))
			if col > 0 {
				props = append(props, fmt.Sprintf("col=%d", col))
			}
		}
	}
	if title != "" {
		props = append(props, "title="+ghProperty(title))
	}
	cmd := "::" + level
	if len(props) > 0 {
		cmd += " " + strings.Join(props, ",")
	}
	return cmd + "::" + ghData(msg)
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

// --- validate ---

// Validation annotates each problem at its file, line and column (an
// error or a warning, titled with its rule's id when it is about one),
// then writes the summary as a line of the log.
func (github) Validation(out io.Writer, v Validation) error {
	w := &writer{w: out}
	for _, p := range v.Problems {
		w.command(ghAnnotation(p.Severity, p.File, p.Line, p.Column, p.Rule, p.Message))
	}
	w.line(v.summary())
	return w.err
}
