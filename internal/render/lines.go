package render

import (
	"io"

	"github.com/socpick/socpick/internal/prose"
)

// defaultWidth is the column text wraps at when the caller does not say.
const defaultWidth = 80

// The ANSI styles of coloured text.
const (
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	cyan   = "\x1b[36m"
	reset  = "\x1b[0m"
)

// writer collects the output of the line-based formats (text, markdown,
// github) and remembers the first write error, so that the drawing code
// reads as a list of lines.
type writer struct {
	w     io.Writer
	err   error
	color bool
	// width is the column para wraps at.
	width int
}

// line writes s as a line for people: one that a CI runner does not take
// for a command, whatever it holds (see logLine). The strings from a
// user's files in it are escaped by the caller, for the format.
func (w *writer) line(s string) { w.write(logLine(s)) }

// command writes a GitHub workflow command, whose data and properties the
// caller escaped (ghData, ghProperty).
func (w *writer) command(s string) { w.write(s) }

// writeLog writes text drawn whole for people (a listing) as LogText
// makes it: what would act made visible, no line a workflow command.
func writeLog(w io.Writer, s string) error {
	_, err := io.WriteString(w, LogText(s))
	return err
}

func (w *writer) write(s string) {
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

// para writes s wrapped at the writer's width, the first line after
// first, the others indented by indent.
func (w *writer) para(first, indent, s string) {
	for i, l := range prose.WrapLines(s, w.width-prose.VisibleLen(first), w.width-len(indent)) {
		if i == 0 {
			w.line(first + l)
		} else {
			w.line(indent + l)
		}
	}
}

// title writes s wrapped at the writer's width, each line in a style.
func (w *writer) title(code, s string) {
	for _, l := range prose.WrapLines(visible(s), w.width, w.width) {
		w.line(w.style(code, l))
	}
}

// dimPara writes s wrapped and dimmed, each line indented.
func (w *writer) dimPara(indent, s string) {
	for _, l := range prose.WrapLines(visible(s), w.width-len(indent), w.width-len(indent)) {
		w.line(indent + w.style(dim, l))
	}
}
