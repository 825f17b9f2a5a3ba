package prose

import "strings"

// WrapLines breaks s into lines at spaces: the first at most n1 columns
// wide, the others n. A word longer than its line stands on its own line,
// never cut. ANSI colour escapes take no column.
func WrapLines(s string, n1, n int) []string {
	var lines []string
	var cur strings.Builder
	for _, word := range strings.Fields(s) {
		width := n
		if len(lines) == 0 {
			width = n1
		}
		if cur.Len() > 0 && VisibleLen(cur.String())+1+VisibleLen(word) > width {
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

// Wrap is s wrapped to width columns, the first line after first and the
// others after rest (indents), each line ending in a newline.
func Wrap(s string, width int, first, rest string) string {
	var b strings.Builder
	for i, l := range WrapLines(s, width-VisibleLen(first), width-VisibleLen(rest)) {
		if i == 0 {
			b.WriteString(first)
		} else {
			b.WriteString(rest)
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// VisibleLen counts the runes of s that take a column, skipping ANSI
// escapes.
func VisibleLen(s string) int {
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
