package render

import (
	"fmt"
	"io"
	"strings"
)

// markdown draws advice as a report to paste into a pull request or a wiki
// page: GitHub-flavoured Markdown, no line wrapping.
type markdown struct{}

func (markdown) Advice(out io.Writer, a Advice) error {
	w := &writer{w: out}
	d, c := a.Decision, a.Catalog
	title := "# SOC report advice"
	if a.Profile != "" {
		title += ": " + a.Profile
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

var mdEscaper = strings.NewReplacer("*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;")

// md escapes the characters that would turn text into markup.
func md(s string) string { return mdEscaper.Replace(s) }

// cell escapes text for a table cell.
func cell(s string) string { return strings.ReplaceAll(md(s), "|", `\|`) }
