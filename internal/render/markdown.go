package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/engine"
)

// markdown draws for pull requests, job summaries and wiki pages:
// GitHub-flavoured Markdown, no line wrapping.
type markdown struct{}

func newMarkdown(Options) any { return markdown{} }

// --- advice ---

func (markdown) Advice(out io.Writer, a Advice) error {
	w := &writer{w: out}
	d, c := a.Decision, a.Catalog
	refs := mdCiter{newCiter(d), d}
	title := "# SOC report advice"
	if a.displayName() != "" {
		title += ": " + md(a.displayName())
	}
	w.line(title)
	w.line("")
	w.line("**" + d.Summary + "**")
	if len(d.Warnings) > 0 {
		w.line("")
		w.line("> [!WARNING]")
		w.line("> **Check these answers**")
		for _, it := range d.Warnings {
			w.line("> - " + md(it.Text) + refs.cite(it.Sources) + " _(" + it.Code + ": `" + strings.Join(it.Answers, "`, `") + "`)_")
		}
	}
	for _, r := range d.Reports {
		w.line("")
		w.line("## " + reportName(c, r))
		w.line("")
		if len(r.Criteria) > 0 {
			w.line("**Criteria:** " + names(c, r.Criteria))
			w.line("")
		}
		if r.Interim != nil {
			w.line(fmt.Sprintf("> **%s first.** %s%s %s", c.Name(r.Interim.Type), md(r.Interim.Text), refs.cite(r.Interim.Sources), mdRule(r.Interim.Rule)))
			w.line("")
		}
		w.line("**Why:**")
		w.line("")
		for _, why := range r.Reasons {
			w.line("- " + md(why.Text) + refs.cite(why.Sources) + " " + mdRule(why.Rule))
		}
	}
	if d.Plan != nil && len(d.Plan.Milestones) > 0 {
		w.line("")
		w.line("## Plan, as of " + d.Plan.AsOf)
		w.line("")
		w.line("| When | What |")
		w.line("|---|---|")
		for _, m := range timeline(d.Plan) {
			w.line("| " + when(m) + " | " + cell(m.Text) + " |")
		}
		if dl := d.Plan.Deadline; dl != nil {
			w.line("")
			verdict := "met"
			if !dl.Met {
				verdict = "**not met**"
			}
			w.line("**Deadline " + dl.Date + ": " + verdict + ".** " + md(dl.Text))
		}
		w.line("")
		w.line("```mermaid")
		for _, l := range gantt(d.Plan, c) {
			w.line(l)
		}
		w.line("```")
	}
	for _, list := range considerations(d) {
		if len(list.items) == 0 {
			continue
		}
		w.line("")
		w.line("## " + list.title)
		w.line("")
		for _, it := range list.items {
			w.line(fmt.Sprintf("- **%s**: %s%s %s", c.Name(it.ID), md(it.Text), refs.cite(it.Sources), mdRule(it.Rule)))
		}
	}
	if len(d.Estimates) > 0 {
		w.line("")
		w.line("## Estimates")
		w.line("")
		w.line("US audit fees and elapsed time; ranges from several sources, not quotes.")
		w.line("")
		w.line("| Report | Cost (USD) | Time | Sources | Grade |")
		w.line("|---|---|---|---|---|")
		for _, e := range d.Estimates {
			w.line(fmt.Sprintf("| %s %s | %s | %s | %s | %s |", c.Name(e.Report), c.Name(e.Type), dollars(e.CostUSD), months(e.Months), strings.TrimSpace(refs.links(e.Sources)), e.Grade))
		}
	}
	if len(d.Notes) > 0 {
		w.line("")
		w.line("## Notes")
		w.line("")
		for _, n := range d.Notes {
			w.line("- " + md(n.Text) + refs.cite(n.Sources) + " " + mdRule(n.Rule))
		}
	}
	if len(d.NextSteps) > 0 {
		w.line("")
		w.line("## Next steps")
		w.line("")
		for i, s := range d.NextSteps {
			w.line(fmt.Sprintf("%d. %s%s", i+1, md(s.Text), refs.cite(s.Sources)))
		}
	}
	if a.WhatIf != nil {
		w.line("")
		w.line("## What would change the advice")
		w.line("")
		if len(a.WhatIf) == 0 {
			w.line("No other single answer changes it.")
		} else {
			w.line("| Answer | Change |")
			w.line("|---|---|")
			for _, it := range a.WhatIf {
				w.line("| `" + whatIfLine(a, it) + "` | " + cell(strings.Join(it.Changes, "; ")) + " |")
			}
		}
	}
	if len(a.Answers) > 0 {
		w.line("")
		w.line("## The answers")
		w.line("")
		w.line("| Question | Answer |")
		w.line("|---|---|")
		for _, ans := range a.Answers {
			w.line("| " + cell(ans.Question) + " | " + cell(ans.Text) + " |")
		}
	}
	if len(d.Sources) > 0 {
		w.line("")
		w.line("## Sources")
		w.line("")
		w.line("Grade H: a standard setter or regulator; M: a CPA firm; L: a vendor.")
		w.line("")
		for _, src := range d.Sources {
			date := ""
			if src.Date != "" {
				date = ", " + md(src.Date)
			}
			w.line(fmt.Sprintf("%d. [%s](%s), %s%s (%s)", refs.num[src.ID], md(src.Title), mdURL(src.URL), md(src.Publisher), date, src.Grade))
		}
	}
	w.line("")
	w.line("<sub>Rules fired: " + strings.Join(d.Fired, ", ") + "</sub>")
	return w.err
}

// gantt draws a plan as a Mermaid gantt chart, a section per report:
// spans as tasks, days as milestones, the deadline as a critical one.
func gantt(p *engine.Plan, c *engine.Catalog) []string {
	out := []string{"gantt", "    dateFormat YYYY-MM-DD", "    axisFormat %Y-%m"}
	section := ""
	for i, m := range p.Milestones {
		name := "Preparation"
		if m.Report != "" {
			name = c.Name(string(m.Report))
		}
		if name != section {
			section = name
			out = append(out, "    section "+ganttText(name))
		}
		id := fmt.Sprintf("m%d", i+1)
		if m.Date != "" {
			out = append(out, fmt.Sprintf("    %s :milestone, %s, %s, 0d", ganttText(m.Text), id, m.Date))
		} else {
			out = append(out, fmt.Sprintf("    %s :%s, %s, %s", ganttText(m.Text), id, m.Start, m.End))
		}
	}
	if dl := p.Deadline; dl != nil {
		tag := "milestone"
		if !dl.Met {
			tag = "crit, milestone"
		}
		out = append(out, "    section Deadline", fmt.Sprintf("    Customers' date :%s, deadline, %s, 0d", tag, dl.Date))
	}
	return out
}

// ganttText keeps a task name within what Mermaid's gantt grammar reads as
// one: no colon (it starts the task's data), no semicolon or hash (they
// end a statement or start a comment), on one line.
func ganttText(s string) string {
	return strings.NewReplacer(":", " -", ";", ",", "#", "", "\n", " ", "\r", " ").Replace(visible(s))
}

// mdRule names the rule behind a claim.
func mdRule(rule string) string { return "_(rule `" + rule + "`)_" }

// mdCiter writes citations as links to the sources' pages: one click from
// a claim to its source.
type mdCiter struct {
	citer
	d *engine.Decision
}

// links writes " [1](url) [3](url)".
func (c mdCiter) links(ids []string) string {
	var b strings.Builder
	for _, id := range ids {
		for _, src := range c.d.Sources {
			if src.ID == id {
				fmt.Fprintf(&b, " [\\[%d\\]](%s)", c.num[id], mdURL(src.URL))
			}
		}
	}
	return b.String()
}

// cite is links, with the grade when every source is a vendor's.
func (c mdCiter) cite(ids []string) string {
	s := c.links(ids)
	if c.onlyL(ids) {
		s += " _(grade L)_"
	}
	return s
}

// mdURL keeps a URL from ending a Markdown link early.
func mdURL(u string) string {
	return strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E").Replace(u)
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
	_, err := fmt.Fprintf(out, "## socpick check, as of %s\n", calendar.Day(m.run.AsOf))
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
	for _, f := range eachFinding(r.Findings) {
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
