package render

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A string from a user's files (a path, a profile name, a value quoted in
// a message) is escaped for the format it lands in, so that it shows as
// what it is and never acts: on a terminal (visible), as a line of a CI
// log (logLine), in a GitHub workflow command (ghData, ghProperty), in
// Markdown (md, cell, cellLines, mdCode). JUnit's XML is escaped by
// encoding/xml, which cannot write control characters: they are made
// visible first. JSON and YAML escape what they need themselves.

// visible returns s with every character that would act on a terminal or
// a CI log rather than show there written out as a Go escape: control
// characters (\n, \t, \x1b, \x7f, \u009b), bytes that are not UTF-8
// (\xff), and the format characters that reorder or hide text (\u202e,
// \u200b, \ufeff), line and paragraph separators too. Other text, and
// backslashes, are left as they are: a Windows path reads as it is.
func visible(s string) string { return escapeVisible(s, false) }

// visibleLines is visible keeping the line breaks of s, for text whose
// lines are drawn each on a line of its own.
func visibleLines(s string) string { return escapeVisible(s, true) }

func escapeVisible(s string, keepNewlines bool) string {
	if plainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case hides(r):
			b.WriteString(escapeRune(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// plainASCII says whether s is printable ASCII only, which needs no
// escaping anywhere (most paths and messages).
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// hides says whether r would act rather than show: a control character,
// a format character (bidirectional overrides, zero-width characters), a
// line or paragraph separator.
func hides(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}

// escapeRune writes r as Go writes it in a quoted string (hides selects
// only runes that strconv escapes).
func escapeRune(r rune) string {
	q := strconv.QuoteRune(r)
	return q[1 : len(q)-1]
}

// logLine makes a whole line safe to print where a CI runner reads
// commands from the log. GitHub Actions takes a line for a workflow
// command when it starts with :: after leading white space, and anywhere
// in a line takes ##[command] (its older form); Azure Pipelines takes
// ##vso[command] anywhere in a line. The leading colon is written \x3a
// and the second # as \x23, so that such a line shows what it says and
// does nothing. Every line socpick draws for people goes through here;
// the workflow commands of --format github are written on purpose, each
// with its data and properties escaped (ghData, ghProperty).
func logLine(line string) string {
	if rest := strings.TrimLeftFunc(line, blank); strings.HasPrefix(rest, "::") {
		n := len(line) - len(rest)
		line = line[:n] + `\x3a` + line[n+1:]
	}
	if strings.Contains(line, "##") {
		line = ciPrefix.Replace(line)
	}
	return line
}

// logLines is logLine for each line of s.
func logLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = logLine(l)
	}
	return strings.Join(lines, "\n")
}

// blank is what a runner may trim before it looks for ::: white space,
// and control characters to be safe.
func blank(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

var ciPrefix = strings.NewReplacer("##[", `#\x23[`, "##vso[", `#\x23vso[`)

// ghData and ghProperty escape a workflow command's message and its
// property values, as @actions/core does, so that the runner reads back
// the very string: a property names a file, which must stay its path for
// the annotation to land on it. What else visible escapes is made visible
// first, as the runner has no escape for it (a file whose name holds one
// gets an annotation that lands on no file); a message keeps its line
// breaks, which the annotation shows.
var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func ghData(s string) string { return ghDataEscaper.Replace(visibleLines(s)) }

func ghProperty(s string) string {
	lines := strings.Split(s, "\r")
	for i, l := range lines {
		lines[i] = visibleLines(l)
	}
	return ghPropertyEscaper.Replace(strings.Join(lines, "\r"))
}

// mdEscaper backslash-escapes what would start Markdown markup (emphasis,
// code, links, and the backslash itself), and writes < and > as entities
// so that no HTML gets through.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;")

// md escapes text for Markdown: markup characters escaped, and what
// visible escapes (line breaks, which would end a heading or a list
// item, among them) made visible.
func md(s string) string { return mdEscaper.Replace(visible(s)) }

// cell escapes text for a table cell: md, and | which would end the cell.
func cell(s string) string { return strings.ReplaceAll(md(s), "|", `\|`) }

// cellLines is cell for text of several lines, each shown on a line of
// its own within the cell.
func cellLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = cell(l)
	}
	return strings.Join(lines, "<br>")
}

// mdCode writes s as a Markdown code span, where nothing is markup: the
// backticks around it are more than any run of them in s, and what
// visible escapes is made visible (a line break would end a heading).
// Not for table cells, where | still ends the cell.
func mdCode(s string) string {
	s = visible(s)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// LogText makes text for a log that a CI runner reads, such as standard
// error: control and hiding characters visible, line breaks kept, and no
// line a workflow command. For messages drawn outside render that may hold
// what a user's files or arguments said (a path, a value).
func LogText(s string) string { return logLines(visibleLines(s)) }
