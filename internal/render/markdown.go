package render

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/socpick/socpick/internal/check"
)

// markdown draws for pull requests, job summaries and wiki pages:
// GitHub-flavoured Markdown, no line wrapping.
type markdown struct{}

func newMarkdown(Options) any { return markdown{} }

// --- advice ---

func (markdown) Advice(out io.Writer, a Advice) error {
	w := &writer{w: out}
	d, c := a.Decision, a.Catalog
	title := "# SOC report advice"
	if a.Profile != "" {
		title += ": " + md(a.Profile)
	}
	w.line(title)
	w.line("")
	w.line("**" + d.Summary + "**")
	for _, r := range d.Reports {
		w.line("")
		w.line("## " + c.Name(r.Report) + " " + c.Name(r.Type))
		w.line("")
		if len(r.Criteria) > 0 {
			w.line("**Criteria:** " + names(c, r.Criteria))
			w.line("")
		}
		if r.Interim != nil {
			w.line(fmt.Sprintf("> **%s first.** %s %s", c.Name(r.Interim.Type), md(r.Interim.Text), mdCite(r.Interim.Rule, r.Interim.Source)))
			w.line("")
		}
		w.line("**Why:**")
		w.line("")
		for _, why := range r.Reasons {
			w.line("- " + md(why.Text) + " " + mdCite(why.Rule, why.Source))
		}
	}
	if len(d.AlsoConsider) > 0 {
		w.line("")
		w.line("## Also consider")
		w.line("")
		for _, it := range d.AlsoConsider {
			w.line(fmt.Sprintf("- **%s**: %s %s", c.Name(it.ID), md(it.Text), mdCite(it.Rule, it.Source)))
		}
	}
	if len(d.Estimates) > 0 {
		w.line("")
		w.line("## Estimates")
		w.line("")
		w.line("US audit fees and elapsed time; ranges, not quotes.")
		w.line("")
		w.line("| Report | Cost (USD) | Time | Source |")
		w.line("|---|---|---|---|")
		for _, e := range d.Estimates {
			w.line(fmt.Sprintf("| %s %s | %s | %s | %s |", c.Name(e.Report), c.Name(e.Type), dollars(e.CostUSD), months(e.Months), cell(e.Source)))
		}
	}
	if len(d.Notes) > 0 {
		w.line("")
		w.line("## Notes")
		w.line("")
		for _, n := range d.Notes {
			w.line("- " + md(n.Text) + " " + mdCite(n.Rule, n.Source))
		}
	}
	if len(d.NextSteps) > 0 {
		w.line("")
		w.line("## Next steps")
		w.line("")
		for i, s := range d.NextSteps {
			w.line(fmt.Sprintf("%d. %s", i+1, md(s.Text)))
		}
	}
	w.line("")
	w.line("<sub>Rules fired: " + strings.Join(d.Fired, ", ") + "</sub>")
	return w.err
}

// mdCite is the citation after every reason: its rule and source.
func mdCite(rule, source string) string {
	return "_(rule `" + rule + "`; source: " + md(source) + ")_"
}

// --- check ---

func (markdown) check(run CheckRun) CheckRenderer { return &checkMarkdown{run: run} }

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
	head := fmt.Sprintf("### %s: %s", mdStatus[r.Status], mdCode(r.File))
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
		w.line(fmt.Sprintf("| %s | `%s` | %s | %s | %s |", f.Severity, f.Code, report, line, cellLines(f.Message)))
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
	w := &writer{w: out}
	w.line("")
	w.line("**" + md(summaryLine(m.run, s)) + ".**")
	return w.err
}
