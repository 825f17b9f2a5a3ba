package render

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
)

// text draws for people reading a terminal or a CI log: advice wrapped
// to the width, check results a line per finding compiler-style, the
// questions and rules as plain listings.
type text struct {
	color bool
	width int
}

func newText(o Options) any {
	if o.Width <= 0 {
		o.Width = defaultWidth
	}
	return text{color: o.Color, width: o.Width}
}

func (t text) writer(out io.Writer) *writer { return &writer{w: out, color: t.color, width: t.width} }

// --- advice ---

func (t text) Advice(out io.Writer, a Advice) error {
	w := t.writer(out)
	d, c := a.Decision, a.Catalog
	head := d.Summary
	if a.Profile != "" {
		head = visible(a.Profile) + ": " + head
	}
	w.title(bold, head)
	for _, r := range d.Reports {
		w.line("")
		title := c.Name(r.Report) + " " + c.Name(r.Type)
		if r.Interim != nil {
			title += ", " + c.Name(r.Interim.Type) + " first"
		}
		w.title(bold+green, title)
		if len(r.Criteria) > 0 {
			w.para("  Criteria: ", "            ", names(c, r.Criteria))
		}
		if r.Interim != nil {
			w.para("  First: ", "         ", visible(r.Interim.Text))
			w.dimPara("         ", cite(r.Interim.Rule, r.Interim.Source))
		}
		w.line("  Why:")
		for _, why := range r.Reasons {
			w.reason(why)
		}
	}
	if len(d.AlsoConsider) > 0 {
		w.line("")
		w.line(w.style(bold, "Also consider"))
		for _, it := range d.AlsoConsider {
			w.para("  - ", "    ", visible(c.Name(it.ID)+": "+it.Text))
			w.dimPara("    ", cite(it.Rule, it.Source))
		}
	}
	if len(d.Estimates) > 0 {
		w.line("")
		w.para("", "", w.style(bold, "Estimates")+" (US audit fees and elapsed time; ranges, not quotes)")
		for _, e := range d.Estimates {
			name := c.Name(e.Report) + " " + c.Name(e.Type)
			w.line(fmt.Sprintf("  %-15s %-20s %s", name, dollars(e.CostUSD), months(e.Months)))
			w.dimPara("    ", "source: "+e.Source)
		}
	}
	if len(d.Notes) > 0 {
		w.line("")
		w.line(w.style(bold, "Notes"))
		for _, n := range d.Notes {
			w.reason(n)
		}
	}
	if len(d.NextSteps) > 0 {
		w.line("")
		w.line(w.style(bold, "Next steps"))
		for i, s := range d.NextSteps {
			first := fmt.Sprintf("  %d. ", i+1)
			w.para(first, strings.Repeat(" ", len(first)), visible(s.Text))
		}
	}
	return w.err
}

func (w *writer) reason(r engine.Reason) {
	w.para("  - ", "    ", visible(r.Text))
	w.dimPara("    ", cite(r.Rule, r.Source))
}

// names lists the display names of catalog ids: "Security, Availability".
func names(c *engine.Catalog, ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = c.Name(id)
	}
	return strings.Join(out, ", ")
}

func cite(rule, source string) string {
	return "[" + rule + "] " + source
}

func dollars(r engine.Range) string {
	return "$" + thousands(r.Low) + "-$" + thousands(r.High)
}

func months(r engine.Range) string {
	return fmt.Sprintf("%d-%d months", r.Low, r.High)
}

// thousands writes n with comma separators: 150000 -> 150,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	return b.String()
}

// --- check ---

func (t text) check(run CheckRun) CheckRenderer { return &checkText{run: run, text: t} }

// checkText writes a status line per profile, then a line per finding at
// its FILE:LINE:COL, and the summary.
type checkText struct {
	run CheckRun
	text
}

func (t *checkText) Begin(io.Writer) error { return nil }

func (t *checkText) Result(out io.Writer, r *check.Result) error {
	w := t.writer(out)
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
			lines := strings.Split(visibleLines(f.Message), "\n")
			w.line(fmt.Sprintf("  %s: %s %s: %s", at(r.File, f), severity(w, f.Severity), f.Code, lines[0]))
			for _, l := range lines[1:] {
				w.line("      " + l)
			}
		}
	}
	return w.err
}

func severity(w *writer, s check.Severity) string {
	switch s {
	case check.Error:
		return w.style(red, s.String())
	case check.Warning:
		return w.style(yellow, s.String())
	}
	return w.style(cyan, s.String())
}

func (t *checkText) End(out io.Writer, s check.Summary) error {
	w := t.writer(out)
	if silent(t.run, s) {
		return nil
	}
	w.line("")
	w.line(w.style(bold, summaryLine(t.run, s)))
	return w.err
}

// --- questions ---

func (t text) Questions(out io.Writer, qs *questionnaire.Questionnaire) error {
	var b strings.Builder
	for i, q := range qs.Questions {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%d. %s  --%s %s\n", i+1, q.Key, q.Flag(), q.Placeholder())
		fmt.Fprintf(&b, "   %s\n", q.Prompt)
		for _, o := range q.Options {
			desc := o.Label
			if o.Description != "" {
				desc += ": " + o.Description
			}
			fmt.Fprintf(&b, "     %-18s %s\n", o.Value, desc)
		}
		if q.Kind == questionnaire.KindInteger {
			fmt.Fprintf(&b, "   %s\n", q.Allowed())
		}
		if q.Kind == questionnaire.KindList {
			b.WriteString("   several values, comma-separated\n")
		}
		if q.AskIf != "" {
			fmt.Fprintf(&b, "   asked only when %s\n", q.AskIf)
		}
	}
	_, err := io.WriteString(out, logLines(visibleLines(b.String())))
	return err
}

// --- rules ---

func (t text) Rules(out io.Writer, rs Rules) error {
	rules := rs.Ruleset.Rules
	width := 0
	for _, r := range rules {
		width = max(width, len(r.ID))
	}
	var b strings.Builder
	file := ""
	for _, r := range rules {
		if r.File != file {
			if file != "" {
				b.WriteByte('\n')
			}
			file = r.File
			fmt.Fprintf(&b, "%s\n", visible(rs.path(file)))
		}
		fmt.Fprintf(&b, "  %-*s  %s\n", width, r.ID, outcomes(r))
	}
	fmt.Fprintf(&b, "\n%d rules; 'socpick rules show ID' shows one whole.\n", len(rules))
	_, err := io.WriteString(out, logLines(visibleLines(b.String())))
	return err
}

func (t text) Rule(out io.Writer, rs Rules, r *engine.Rule) error {
	rules := rs.Ruleset.Rules
	n := 0
	for i, each := range rules {
		if each == r {
			n = i + 1
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  (%s:%d, rule %d of %d)\n", r.ID, visible(rs.path(r.File)), r.Pos.Line, n, len(rules))
	if r.Description != "" {
		fmt.Fprintf(&b, "  %s\n", r.Description)
	}
	fmt.Fprintf(&b, "\nwhen:     %s\n", prose.OneLine(r.When))
	reads := make([]string, 0, len(r.Reads))
	for _, k := range r.Reads {
		if q := rs.Ruleset.Questions.Lookup(k); q != nil {
			reads = append(reads, fmt.Sprintf("%s (%s)", k, q.Prompt))
		} else {
			reads = append(reads, k+" (the recommended reports)")
		}
	}
	if len(reads) > 0 {
		fmt.Fprintf(&b, "reads:    %s\n", strings.Join(reads, "\n          "))
	}
	fmt.Fprintf(&b, "outcome:  %s\n", outcomes(r))
	if r.Reason != nil {
		fmt.Fprintf(&b, "reason:   %s\n", prose.OneLine(r.Reason.Text))
	}
	for _, t := range r.NextSteps {
		fmt.Fprintf(&b, "next:     %s\n", prose.OneLine(t.Text))
	}
	fmt.Fprintf(&b, "source:   %s\n", r.Source)
	_, err := io.WriteString(out, logLines(visibleLines(b.String())))
	return err
}

// outcomes says in a few words what a rule decides: "recommend soc1",
// "type soc2=type2 (priority 10)".
func outcomes(r *engine.Rule) string {
	var parts []string
	add := func(label string, ids []string) {
		if len(ids) > 0 {
			parts = append(parts, label+" "+strings.Join(ids, ","))
		}
	}
	add("recommend", r.Recommend)
	add("exclude", r.Exclude)
	if len(r.Type) > 0 {
		var ts []string
		for _, rep := range soc.Reports {
			if t, ok := r.Type[rep]; ok {
				ts = append(ts, rep+"="+t)
			}
		}
		parts = append(parts, fmt.Sprintf("type %s (priority %d)", strings.Join(ts, ","), r.Priority))
	}
	add("interim", r.Interim)
	add("criteria", r.Criteria)
	add("also-consider", r.AlsoConsider)
	if r.Note {
		parts = append(parts, "note")
	}
	if len(r.NextSteps) > 0 {
		parts = append(parts, "next steps")
	}
	return strings.Join(parts, "; ")
}

// --- rule tests ---

func (t text) ruleTests(out io.Writer, rt RuleTests) error {
	var b strings.Builder
	for _, r := range rt.Results {
		if r.Passed() {
			if rt.Verbose {
				fmt.Fprintf(&b, "ok    %s:%d: %s\n", visible(r.Suite.File), r.Case.Pos.Line, visible(r.Case.Name))
			}
			continue
		}
		fmt.Fprintf(&b, "FAIL  %s:%d: %s\n", visible(r.Suite.File), r.Case.Pos.Line, visible(r.Case.Name))
		for _, f := range r.Failures {
			fmt.Fprintf(&b, "      %s\n", strings.ReplaceAll(visibleLines(f), "\n", "\n      "))
		}
	}
	if rt.ShowCoverage {
		fmt.Fprintf(&b, "coverage: %d of %d rules fire in some case (%.1f%%)\n", rt.Covered, rt.Total, rt.Percent)
		for _, r := range rt.Uncovered {
			fmt.Fprintf(&b, "  not covered: %s (%s:%d)\n", r.ID, filepath.Join(rt.Dir, r.File), r.Pos.Line)
		}
	}
	fmt.Fprintf(&b, "%d passed, %d failed\n", len(rt.Results)-rt.Failed, rt.Failed)
	if rt.BelowThreshold {
		fmt.Fprintf(&b, "coverage %.1f%% is below the threshold of %g%%\n", rt.Percent, rt.Threshold)
	}
	_, err := io.WriteString(out, logLines(visibleLines(b.String())))
	return err
}
