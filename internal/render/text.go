package render

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
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
	refs := newCiter(d)
	head := d.Summary
	if a.displayName() != "" {
		head = visible(a.displayName()) + ": " + head
	}
	w.title(bold, head)
	if len(d.Warnings) > 0 {
		w.line("")
		w.line(w.style(bold+yellow, "Check these answers"))
		for _, it := range d.Warnings {
			w.para("  - ", "    ", visible(it.Text)+refs.cite(it.Sources))
			w.dimPara("    ", it.Code+" ("+strings.Join(it.Answers, ", ")+")")
		}
	}
	for _, r := range d.Reports {
		w.line("")
		title := reportName(c, r)
		if r.Interim != nil {
			title += ", " + c.Name(r.Interim.Type) + " first"
		}
		w.title(bold+green, title)
		if len(r.Criteria) > 0 {
			w.para("  Criteria: ", "            ", names(c, r.Criteria))
		}
		if r.Interim != nil {
			w.para("  First: ", "         ", visible(r.Interim.Text)+refs.cite(r.Interim.Sources))
			w.dimPara("         ", "rule "+r.Interim.Rule)
		}
		w.line("  Why:")
		for _, why := range r.Reasons {
			w.reason(why, refs)
		}
	}
	if d.Plan != nil && len(d.Plan.Milestones) > 0 {
		w.line("")
		w.line(w.style(bold, "Plan") + ", as of " + d.Plan.AsOf)
		for _, m := range timeline(d.Plan) {
			w.para(fmt.Sprintf("  %-26s ", when(m)), strings.Repeat(" ", 29), visible(m.Text))
		}
		if dl := d.Plan.Deadline; dl != nil {
			if dl.Met {
				w.para("  ", "  ", "Deadline "+dl.Date+": met. "+visible(dl.Text))
			} else {
				w.para("  ", "  ", "Deadline "+dl.Date+": "+w.style(bold+yellow, "not met")+"; see above.")
			}
		}
	}
	for _, list := range considerations(d) {
		if len(list.items) == 0 {
			continue
		}
		w.line("")
		w.line(w.style(bold, list.title))
		for _, it := range list.items {
			w.para("  - ", "    ", visible(c.Name(it.ID)+": "+it.Text)+refs.cite(it.Sources))
			w.dimPara("    ", "rule "+it.Rule)
		}
	}
	if len(d.Estimates) > 0 {
		w.line("")
		w.para("", "", w.style(bold, "Estimates")+" (US audit fees and elapsed time; ranges from several sources, not quotes)")
		for _, e := range d.Estimates {
			name := c.Name(e.Report) + " " + c.Name(e.Type)
			w.line(fmt.Sprintf("  %-15s %-20s %s", name, dollars(e.CostUSD), months(e.Months)))
			w.dimPara("    ", "sources "+refs.numbers(e.Sources)+", grade "+e.Grade)
		}
	}
	if len(d.Notes) > 0 {
		w.line("")
		w.line(w.style(bold, "Notes"))
		for _, n := range d.Notes {
			w.reason(n, refs)
		}
	}
	if len(d.NextSteps) > 0 {
		w.line("")
		w.line(w.style(bold, "Next steps"))
		for i, s := range d.NextSteps {
			first := fmt.Sprintf("  %d. ", i+1)
			w.para(first, strings.Repeat(" ", len(first)), visible(s.Text)+refs.cite(s.Sources))
		}
	}
	if a.WhatIf != nil {
		w.line("")
		w.line(w.style(bold, "What would change the advice"))
		if len(a.WhatIf) == 0 {
			w.line("  No other single answer changes it.")
		}
		for _, it := range a.WhatIf {
			w.para("  "+whatIfLine(a, it)+": ", "      ", visible(strings.Join(it.Changes, "; ")))
		}
	}
	if len(d.Sources) > 0 {
		w.line("")
		w.para("", "", w.style(bold, "Sources")+" (grade H: a standard setter or regulator; M: a CPA firm; L: a vendor)")
		for i, src := range d.Sources {
			first := fmt.Sprintf("  [%d] ", i+1)
			text := sentence(src.Title) + " " + src.Publisher
			if src.Date != "" {
				text += ", " + src.Date
			}
			w.para(first, strings.Repeat(" ", len(first)), visible(sentence(text)+" "+src.URL+" ("+src.Grade+")"))
		}
	}
	return w.err
}

func (w *writer) reason(r engine.Reason, refs citer) {
	w.para("  - ", "    ", visible(r.Text)+refs.cite(r.Sources))
	w.dimPara("    ", "rule "+r.Rule)
}

// sentence ends s with a full stop, unless it ends with one already (or
// with a question or exclamation mark): "Co." stays "Co.".
func sentence(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// reportName is a recommended report's name with its type: "SOC 2 Type
// II", or "SOC 3", which has none.
func reportName(c *engine.Catalog, r engine.Report) string {
	if r.Type == "" {
		return c.Name(r.Report)
	}
	return c.Name(r.Report) + " " + c.Name(string(r.Type))
}

// citer numbers a decision's sources in the order it lists them, for
// citations in the text: [1, 3].
type citer struct {
	num   map[string]int
	grade map[string]string
}

func newCiter(d *engine.Decision) citer {
	c := citer{num: make(map[string]int, len(d.Sources)), grade: make(map[string]string, len(d.Sources))}
	for i, s := range d.Sources {
		c.num[s.ID], c.grade[s.ID] = i+1, s.Grade
	}
	return c
}

// numbers writes the citation numbers of ids: "[1, 3]".
func (c citer) numbers(ids []string) string {
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		parts = append(parts, fmt.Sprint(c.num[id]))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// cite is the citation written after a claim: " [1, 3]", with the grade
// when every source of the claim is a vendor's: " [4; grade L]".
func (c citer) cite(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	refs := c.numbers(ids)
	if c.onlyL(ids) {
		refs = refs[:len(refs)-1] + "; grade L]"
	}
	return " " + refs
}

// onlyL reports whether every source of ids has grade L.
func (c citer) onlyL(ids []string) bool {
	for _, id := range ids {
		if c.grade[id] != "L" {
			return false
		}
	}
	return len(ids) > 0
}

// names lists the display names of catalog ids: "Security, Availability".
func names(c *engine.Catalog, ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = c.Name(id)
	}
	return strings.Join(out, ", ")
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
		if head := fmt.Sprintf("%d. %s  --%s %s", i+1, q.Key, q.Flag(), q.Placeholder()); len(head) <= t.width {
			b.WriteString(head + "\n")
		} else {
			fmt.Fprintf(&b, "%d. %s  --%s\n", i+1, q.Key, q.Flag())
			b.WriteString(prose.Wrap(strings.ReplaceAll(q.Placeholder(), ",", ", "), t.width, "     ", "     "))
		}
		b.WriteString(prose.Wrap(q.Prompt, t.width, "   ", "   "))
		col := 0 // the values' column: the longest value's width
		for _, o := range q.Options {
			col = max(col, len(o.Value))
		}
		for _, o := range q.Options {
			desc := o.Label
			if o.Description != "" {
				desc += ": " + o.Description
			}
			value := fmt.Sprintf("     %-*s  ", col, o.Value)
			if len(value) > t.width/2 { // a narrow terminal: the text under the value
				b.WriteString("     " + o.Value + "\n")
				value = "       "
			}
			b.WriteString(prose.Wrap(desc, t.width, value, strings.Repeat(" ", len(value))))
		}
		if q.Kind == questionnaire.KindInteger {
			b.WriteString(prose.Wrap(q.Allowed(), t.width, "   ", "   "))
		}
		if q.Kind == questionnaire.KindList {
			b.WriteString("   several values, comma-separated\n")
		}
		if q.AskIf != "" {
			b.WriteString(prose.Wrap("asked only when "+q.When(), t.width, "   ", "   "))
		}
		if q.Assumed != nil {
			b.WriteString(prose.Wrap(fmt.Sprintf("may be left unanswered: then %s is assumed, and the advice says so", q.Describe(q.Assumed)), t.width, "   ", "   "))
		}
	}
	return writeLog(out, b.String())
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
		fmt.Fprintf(&b, "  %-*s  %s%s\n", width, r.ID, outcomes(r), listedPriority(r))
	}
	fmt.Fprintf(&b, "\n%d rules; 'socpick rules show ID' shows one whole.\n", len(rules))
	b.WriteString("Rules without (priority N) have priority 0. Of the fired rules that set a\nreport's type or interim step, the highest priority decides.\n")
	return writeLog(out, b.String())
}

// ranked reports whether a rule's priority ranks one of its outcomes:
// a type or an interim step. Other rules' priorities decide nothing.
func ranked(r *engine.Rule) bool { return len(r.Type) > 0 || len(r.Interim) > 0 }

// listedPriority is what the list adds to a rule's outcomes, as a rule
// owner needs the priorities to see which type or interim rule wins:
// " (priority N)" on a rule whose priority is not 0 or ranks an outcome;
// "" on the others, which the list's last lines say have 0 (a column
// would move the lines people and scripts read), and on a type rule,
// whose outcomes say it already. Show gives the priority a line of its
// own, after the outcome it ranks; JSON has a priority field.
func listedPriority(r *engine.Rule) string {
	if len(r.Type) > 0 || (r.Priority == 0 && !ranked(r)) {
		return ""
	}
	return fmt.Sprintf(" (priority %d)", r.Priority)
}

func (t text) Rule(out io.Writer, rs Rules, r *engine.Rule) error {
	rules := rs.Ruleset.Rules
	var b strings.Builder
	fmt.Fprintf(&b, "%s  (%s:%d, rule %d of %d)\n", r.ID, visible(rs.path(r.File)), r.Pos.Line, slices.Index(rules, r)+1, len(rules))
	if r.Description != "" {
		fmt.Fprintf(&b, "  %s\n", r.Description)
	}
	fmt.Fprintf(&b, "\nwhen:     %s\n", prose.OneLine(r.When))
	reads := make([]string, 0, len(r.Reads))
	for _, k := range r.Reads {
		switch q := rs.Ruleset.Questions.Lookup(k); {
		case q != nil:
			reads = append(reads, fmt.Sprintf("%s (%s)", k, q.Prompt))
		case k == questionnaire.ReportsVar:
			reads = append(reads, k+" (the recommended reports)")
		default:
			reads = append(reads, k+" (months until the report, from the plan)")
		}
	}
	if len(reads) > 0 {
		fmt.Fprintf(&b, "reads:    %s\n", strings.Join(reads, "\n          "))
	}
	fmt.Fprintf(&b, "outcome:  %s\n", outcomes(r))
	if ranked(r) {
		fmt.Fprintf(&b, "priority: %d\n", r.Priority)
	} else {
		fmt.Fprintf(&b, "priority: %d (ranks only type and interim outcomes; this rule has none)\n", r.Priority)
	}
	if r.Reason != nil {
		fmt.Fprintf(&b, "reason:   %s\n", prose.OneLine(r.Reason.Text))
	}
	for _, t := range r.NextSteps {
		fmt.Fprintf(&b, "next:     %s\n", prose.OneLine(t.Text))
	}
	for i, id := range r.Sources {
		label := "sources:  "
		if i > 0 {
			label = "          "
		}
		if src := rs.Ruleset.Sources.Lookup(id); src != nil {
			fmt.Fprintf(&b, "%s%s: %s, %s (%s, grade %s)\n", label, id, src.Title, src.Publisher, src.URL, src.Grade)
		}
	}
	return writeLog(out, b.String())
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
	add("obligations", r.Obligations)
	add("also-consider", r.AlsoConsider)
	if r.Warning != nil {
		parts = append(parts, "warning "+r.Warning.Code+" ("+strings.Join(r.Warning.Answers, ",")+")")
	}
	if r.Note {
		parts = append(parts, "note")
	}
	if len(r.NextSteps) > 0 {
		parts = append(parts, "next steps")
	}
	return strings.Join(parts, "; ")
}

// --- rule tests ---

func (t text) RuleTests(out io.Writer, rt RuleTests, _ Tool) error {
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
	return writeLog(out, b.String())
}

// --- validate ---

// Validation lists each problem compiler-style, FILE:LINE:COL: LEVEL:
// MESSAGE, then what was looked at. A problem of no file is the
// ruleset's: its directory stands first.
func (t text) Validation(out io.Writer, v Validation) error {
	var b strings.Builder
	for _, p := range v.Problems {
		at := p.at()
		if at == "" {
			at = v.Dir
		}
		fmt.Fprintf(&b, "%s: %s: %s\n", at, p.Severity, p.Message)
	}
	b.WriteString(v.summary() + "\n")
	return writeLog(out, b.String())
}
