package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// go-yaml's syntax errors are strings, "yaml: line N: problem", and say
// less than its scanner knew: N is 1-based for a scanner error but 0-based
// for a parser error, and is left out when it is 0 (so an error on line 1
// of either kind has none, nor has a reader error such as a control
// character anywhere); no message has a column. syntaxProblem works out
// the line from the kind of message, and finds the column, and often a
// better message, by reading the source at that line.

var yamlLineErr = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// parserMessages are the problems go-yaml's parser reports, with a 0-based
// line; the rest come from its scanner, with a 1-based one.
var parserMessages = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

const (
	tabHint         = " (a tab? YAML is indented with spaces only)"
	reservedHint    = " (@ and ` are reserved in YAML: quote a value that starts with one, e.g. '@x')"
	percentHint     = " (% starts a directive only at the start of a line: quote a value that starts with it, e.g. '%x')"
	colonHint       = ` (a value holding ": " must be quoted: 'like: this')`
	indentationHint = ` (check the indentation near here; a value that starts with " or holds ": " or " #" must be quoted as a whole)`
)

// syntaxProblem turns an error of go-yaml's decoder for src into a
// Problem at the line and column it is about.
func syntaxProblem(src []byte, err error) Problem {
	m := yamlLineErr.FindStringSubmatch(err.Error())
	if m == nil {
		return Problem{Msg: "invalid YAML: " + err.Error()}
	}
	reported, _ := strconv.Atoi(m[1])
	text := m[2]
	line := max(reported, 1)
	if parserMessages[text] {
		line = reported + 1
	}
	lines := bytes.Split(src, []byte("\n"))
	if line > len(lines) {
		line = len(lines)
	}
	lx := lex(src)
	invalid := func(pos Pos, msg string) Problem { return Problem{Pos: pos, Msg: "invalid YAML: " + msg} }

	switch {
	case text == "control characters are not allowed":
		if pos, r, ok := badRune(src); ok {
			if unicode.IsControl(r) {
				return invalid(pos, fmt.Sprintf("control character %U is not allowed (only tab, newline and carriage return are)", r))
			}
			return invalid(pos, fmt.Sprintf("character %U is not allowed in YAML", r))
		}
		return invalid(Pos{}, text)
	case strings.HasPrefix(text, "unknown anchor '"):
		name := strings.TrimSuffix(strings.TrimPrefix(text, "unknown anchor '"), "' referenced")
		for _, s := range lx.starts {
			if s.r == '*' && s.word == "*"+name {
				return Problem{Pos: s.Pos, Msg: fmt.Sprintf("aliases (*%s) are not supported here: write the value out", Clip(name))}
			}
		}
		return invalid(Pos{}, text)
	case text == "found unknown escape character",
		text == "did not find expected hexdecimal number",
		text == "found invalid Unicode character escape code":
		if e := lx.escape; e != nil && e.Line >= line {
			return invalid(e.Pos, e.Msg)
		}
	case text == "found incompatible YAML document":
		for i, l := range lines {
			if bytes.HasPrefix(l, []byte("%YAML")) {
				directive := strings.Join(strings.Fields(string(l)), " ")
				if cut := strings.IndexByte(directive, '#'); cut > 0 {
					directive = strings.TrimSpace(directive[:cut])
				}
				return invalid(Pos{Line: i + 1, Column: 1},
					fmt.Sprintf("%s is not supported (this reader takes YAML 1.1; leave the %%YAML line out)", Clip(directive)))
			}
		}
	case text == "found undefined tag handle":
		for _, s := range lx.starts {
			if h := tagHandle.FindString(s.word); s.r == '!' && s.Line == line && h != "" && h != "!!" {
				return invalid(s.Pos, fmt.Sprintf("tag handle %s is not defined (socpick files use no tags: remove it, or quote a value that starts with !)", Clip(h)))
			}
		}
	case text == "did not find expected ',' or ']'",
		text == "did not find expected ',' or '}'",
		text == "did not find expected key",
		text == "did not find expected node content",
		text == "did not find expected '-' indicator":
		if p, ok := lx.bracketProblem(src, line, err.Error()); ok {
			return p
		}
	case text == "found character that cannot start any token":
		for _, s := range lx.starts {
			if s.Line != line {
				continue
			}
			switch {
			case s.r == '@' || s.r == '`':
				return invalid(s.Pos, text+reservedHint)
			case s.r == '%' && s.Column > 1:
				return invalid(s.Pos, text+percentHint)
			}
		}
		if col := bytes.IndexByte(lines[line-1], '\t'); col >= 0 {
			return invalid(Pos{Line: line, Column: columnOf(lines[line-1], col)}, text+tabHint)
		}
	case text == "mapping values are not allowed in this context":
		var on []Pos
		for _, c := range lx.colons {
			if c.Line == line {
				on = append(on, c)
			}
		}
		// The first ": " of a line is usually its key's; a second one is
		// the mistake. A lone one follows a value that went on from the
		// line before.
		switch {
		case len(on) >= 2:
			return invalid(on[1], text+colonHint)
		case len(on) == 1:
			return invalid(on[0], text+colonHint)
		}
	case strings.HasPrefix(text, "found a tab character"):
		// The line is that of the value the tab is in; the tab is in the
		// indentation of a line of it.
		for l := line; l <= len(lines); l++ {
			lead := lines[l-1][:len(lines[l-1])-len(bytes.TrimLeft(lines[l-1], " \t"))]
			if col := bytes.IndexByte(lead, '\t'); col >= 0 {
				return invalid(Pos{Line: l, Column: col + 1}, text+tabHint)
			}
		}
	case text == "found unexpected end of stream":
		// The line is the quote's, or the end's when the quote is on line 1.
		if q := lx.quote; q != nil && q.Line <= line {
			return invalid(q.Pos, fmt.Sprintf("this quoted value is never closed (add the closing %c)", q.quote))
		}
	}
	msg := text
	switch {
	case text == "mapping values are not allowed in this context":
		msg += colonHint
	case text == "did not find expected key", text == "did not find expected '-' indicator",
		text == "did not find expected <document start>":
		msg += indentationHint
	}
	return invalid(Pos{Line: line, Column: firstNonBlank(lines[line-1])}, msg)
}

var tagHandle = regexp.MustCompile(`^![0-9A-Za-z-]*!`)

// badRune finds the first character go-yaml's reader refuses.
func badRune(src []byte) (Pos, rune, bool) {
	line, col := 1, 0
	for _, r := range string(src) {
		col++
		switch {
		case r == '\n':
			line, col = line+1, 0
		case r == '\t', r == '\r', r >= 0x20 && r <= 0x7E, r == 0x85,
			r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		default:
			return Pos{Line: line, Column: col}, r, true
		}
	}
	return Pos{}, 0, false
}

// columnOf is the 1-based column, in characters as go-yaml counts them, of
// the byte at offset i of line.
func columnOf(line []byte, i int) int { return utf8.RuneCount(line[:i]) + 1 }

func firstNonBlank(line []byte) int {
	trimmed := bytes.TrimLeft(line, " \t")
	if len(bytes.TrimSpace(trimmed)) == 0 {
		return 1
	}
	return columnOf(line, len(line)-len(trimmed))
}

// lexed is what lex learns of a source: enough of YAML's tokens to place
// what go-yaml's messages leave without a position.
type lexed struct {
	closer *bracket // the first ']' or '}' that closes nothing, or the wrong bracket
	opener *bracket // the bracket closer meets, when it is the wrong one
	open   []bracket
	quote  *quoted // a quoted value still open at the end
	escape *Problem
	starts []start
	colons []Pos // value indicators
}

type bracket struct {
	Pos
	off int // in the source
	c   byte
}

type quoted struct {
	Pos
	quote byte
}

// start is where a token starts with a character other than an indicator
// lex follows: a plain value, an anchor, a tag or an alias (with its word).
type start struct {
	Pos
	r    rune
	word string
}

// lex reads src as YAML's scanner does, as far as messages need: comments,
// quoted values (and their escapes), block scalars, flow brackets, value
// indicators and where other tokens start. It is a guide for placing an
// error go-yaml found, never a judge of what is valid.
func lex(src []byte) *lexed {
	lx := &lexed{}
	var stack []bracket
	var quote byte    // the quote of a value still open, or 0
	blockIndent := -1 // while skipping a block scalar: the indentation of the line that started it
	off := 0
	for li, raw := range bytes.Split(src, []byte("\n")) {
		lineOff := off
		off += len(raw) + 1
		text := bytes.TrimSuffix(raw, []byte("\r"))
		indent := len(text) - len(bytes.TrimLeft(text, " "))
		if blockIndent >= 0 && quote == 0 {
			if len(bytes.TrimSpace(text)) == 0 || indent > blockIndent {
				continue
			}
			blockIndent = -1
		}
		expect, plain := true, false
		col := 0
	line:
		for i := 0; i < len(text); {
			r, size := utf8.DecodeRune(text[i:])
			at := i
			i += size
			col++
			here := Pos{Line: li + 1, Column: col}
			var next rune
			nextSize := 0
			if i < len(text) {
				next, nextSize = utf8.DecodeRune(text[i:])
			}
			switch quote {
			case '"':
				switch r {
				case '\\':
					if i < len(text) {
						i += nextSize
						col++
						if msg := badEscape(next, text[i:]); msg != "" && lx.escape == nil {
							lx.escape = &Problem{Pos: here, Msg: msg}
						}
					}
				case '"':
					quote, expect = 0, false
				}
				continue
			case '\'':
				if r == '\'' {
					if next == '\'' {
						i++
						col++
						continue
					}
					quote, expect = 0, false
				}
				continue
			}
			flow := len(stack) > 0
			if r == ' ' || r == '\t' {
				if !plain {
					expect = true
				}
				continue
			}
			if r == '#' && (at == 0 || text[at-1] == ' ' || text[at-1] == '\t') {
				break // a comment
			}
			endsValue := next == 0 || next == ' ' || next == '\t' || flow && strings.ContainsRune(",[]{}", next)
			if plain {
				switch {
				case r == ':' && endsValue:
					plain, expect = false, true
					lx.colons = append(lx.colons, here)
					continue
				case flow && strings.ContainsRune(",[]{}", r):
					plain = false // and the indicator is read below
				default:
					continue
				}
			}
			switch r {
			case '[', '{':
				stack = append(stack, bracket{Pos: here, off: lineOff + at, c: byte(r)})
				expect = true
			case ']', '}':
				b := bracket{Pos: here, off: lineOff + at, c: byte(r)}
				if len(stack) == 0 {
					if lx.closer == nil {
						lx.closer = &b
					}
				} else {
					top := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					if top.c != opening(b.c) && lx.closer == nil {
						lx.closer, lx.opener = &b, &top
					}
				}
				expect = false
			case ',':
				expect = true
			case ':', '-', '?':
				if !endsValue {
					lx.starts = append(lx.starts, start{Pos: here, r: r})
					plain = true
					break
				}
				if r == ':' {
					lx.colons = append(lx.colons, here)
				}
				expect = true
			case '\'', '"':
				quote = byte(r)
				lx.quote = &quoted{Pos: here, quote: byte(r)}
			case '|', '>':
				if !flow && expect {
					blockIndent = indent
					break line
				}
				lx.starts = append(lx.starts, start{Pos: here, r: r})
				plain = true
			case '&', '!', '*':
				end := i
				for end < len(text) && text[end] != ' ' && text[end] != '\t' && !(flow && strings.IndexByte(",[]{}", text[end]) >= 0) {
					end++
				}
				lx.starts = append(lx.starts, start{Pos: here, r: r, word: string(text[at:end])})
				col += utf8.RuneCount(text[i:end])
				i = end
			default:
				lx.starts = append(lx.starts, start{Pos: here, r: r})
				plain = true
			}
		}
	}
	lx.open = stack
	if quote == 0 {
		lx.quote = nil
	}
	return lx
}

func opening(closer byte) byte {
	if closer == ']' {
		return '['
	}
	return '{'
}

func closing(opener byte) byte {
	if opener == '[' {
		return ']'
	}
	return '}'
}

// badEscape says what is wrong with the escape \e in a double-quoted
// value, followed by rest, or "" when it is one YAML knows.
func badEscape(e rune, rest []byte) string {
	if strings.ContainsRune("0abt\tnvfre \"'\\N_LP", e) {
		return ""
	}
	digits := map[rune]int{'x': 2, 'u': 4, 'U': 8}[e]
	if digits == 0 {
		esc := `\` + string(e)
		if !strconv.IsPrint(e) {
			esc = fmt.Sprintf(`\ followed by %U`, e)
		}
		return esc + ` is not an escape in a double-quoted string (write \\ for a backslash, or quote with ' instead)`
	}
	others := map[rune]string{'x': `\u takes 4, \U 8`, 'u': `\x takes 2, \U 8`, 'U': `\x takes 2, \u 4`}[e]
	if len(rest) < digits {
		return fmt.Sprintf(`\%c needs %d hex digits (%s)`, e, digits, others)
	}
	v, err := strconv.ParseUint(string(rest[:digits]), 16, 32)
	if err != nil {
		return fmt.Sprintf(`\%c needs %d hex digits (%s)`, e, digits, others)
	}
	if v >= 0xD800 && v <= 0xDFFF || v > 0x10FFFF {
		return fmt.Sprintf(`\%c%s is not a Unicode character`, e, rest[:digits])
	}
	return ""
}

// bracketProblem places a parser error about a flow collection at the
// bracket to blame, when lex found one and mending it changes the error
// go-yaml gives (orig): a stray closer, a closer of the wrong kind, or an
// opener never closed.
func (lx *lexed) bracketProblem(src []byte, line int, orig string) (Problem, bool) {
	if c := lx.closer; c != nil && c.Line >= line {
		if o := lx.opener; o != nil {
			if changes(src, c.off, closing(o.c), orig) {
				return Problem{Pos: c.Pos, Msg: fmt.Sprintf("invalid YAML: this '%c' does not close the '%c' at line %d column %d", c.c, o.c, o.Line, o.Column)}, true
			}
		} else if changes(src, c.off, ' ', orig) {
			return Problem{Pos: c.Pos, Msg: fmt.Sprintf("invalid YAML: this '%c' closes nothing (no '%c' is open here)", c.c, opening(c.c))}, true
		}
	}
	if n := len(lx.open); n > 0 {
		if o := lx.open[n-1]; o.Line <= line && changes(src, o.off, ' ', orig) {
			return Problem{Pos: o.Pos, Msg: fmt.Sprintf("invalid YAML: this '%c' is never closed with '%c'", o.c, closing(o.c))}, true
		}
	}
	return Problem{}, false
}

// changes reports whether go-yaml's error for src changes from orig when
// the byte at off is c instead: whether that byte is to blame.
func changes(src []byte, off int, c byte, orig string) bool {
	mended := append([]byte(nil), src...)
	mended[off] = c
	dec := yaml.NewDecoder(bytes.NewReader(mended))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if err != nil {
			return errors.Is(err, io.EOF) || err.Error() != orig
		}
	}
}
