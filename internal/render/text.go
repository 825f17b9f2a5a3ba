package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/socpick/socpick/internal/engine"
)

// width is the column text output wraps at: readable on any terminal and in
// CI logs.
const width = 80

const (
	bold  = "\x1b[1m"
	dim   = "\x1b[2m"
	green = "\x1b[32m"
	reset = "\x1b[0m"
)

type text struct {
	color bool
}

// writer collects output and remembers the first write error, so the
// drawing code reads as a list of lines.
type writer struct {
	w     io.Writer
	err   error
	color bool
}

func (w *writer) line(s string) {
	if w.err == nil {
		_, w.err = io.WriteString(w.w, s+"\n")
	}
}

func (w *writer) style(code, s string) string {
	if !w.color || s == "" {
		return s
	}
	return code + s + reset
}

// para writes s wrapped at width, the first line after first, the others
// indented by indent.
func (w *writer) para(first, indent, s string) {
	for i, l := range wrap(s, width-len(indent)) {
		if i == 0 {
			w.line(first + l)
		} else {
			w.line(indent + l)
		}
	}
}

func (t *text) Advice(out io.Writer, a Advice) error {
	w := &writer{w: out, color: t.color}
	d, c := a.Decision, a.Catalog
	head := d.Summary
	if a.Profile != "" {
		head = a.Profile + ": " + head
	}
	w.line(w.style(bold, head))
	for _, r := range d.Reports {
		w.line("")
		title := c.Name(r.Report) + " " + c.Name(r.Type)
		if r.Interim != nil {
			title += ", " + c.Name(r.Interim.Type) + " first"
		}
		w.line(w.style(bold+green, title))
		if len(r.Criteria) > 0 {
			w.para("  Criteria: ", "            ", names(c, r.Criteria))
		}
		if r.Interim != nil {
			w.para("  First: ", "         ", r.Interim.Text)
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
			w.para("  - ", "    ", c.Name(it.ID)+": "+it.Text)
			w.dimPara("    ", cite(it.Rule, it.Source))
		}
	}
	if len(d.Estimates) > 0 {
		w.line("")
		w.line(w.style(bold, "Estimates") + " (US audit fees and elapsed time; ranges, not quotes)")
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
			w.para(first, strings.Repeat(" ", len(first)), s.Text)
		}
	}
	return w.err
}

func (w *writer) reason(r engine.Reason) {
	w.para("  - ", "    ", r.Text)
	w.dimPara("    ", cite(r.Rule, r.Source))
}

// dimPara writes s wrapped and dimmed, each line indented.
func (w *writer) dimPara(indent, s string) {
	for _, l := range wrap(s, width-len(indent)) {
		w.line(indent + w.style(dim, l))
	}
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

// wrap breaks s into lines of at most n columns at spaces; a word longer
// than n stands on its own line.
func wrap(s string, n int) []string {
	var lines []string
	var cur strings.Builder
	for _, word := range strings.Fields(s) {
		if cur.Len() > 0 && visibleLen(cur.String())+1+visibleLen(word) > n {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 || len(lines) == 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// visibleLen counts the runes of s that take a column, skipping ANSI
// escapes.
func visibleLen(s string) int {
	n, esc := 0, false
	for _, r := range s {
		switch {
		case r == '\x1b':
			esc = true
		case esc:
			if r == 'm' {
				esc = false
			}
		default:
			n++
		}
	}
	return n
}
