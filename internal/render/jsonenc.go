package render

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/soc"
)

// This file is how socpick writes JSON. Every document goes through the
// one encoder setup, newJSONEncoder, except the results of a check run,
// which resultJSON writes field by field to the same bytes: a run writes
// one per profile, and encoding/json's reflection and indenting would cost
// more than the check.

// WriteJSON writes v as a JSON document, the way socpick writes every JSON
// document.
func WriteJSON(w io.Writer, v any) error { return newJSONEncoder(w, "").Encode(v) }

// newJSONEncoder is the one setup of encoding/json: two-space indentation
// (every line after the first under prefix), <, > and & left as they are
// (messages hold them, and a file is no web page), a newline after each
// value.
func newJSONEncoder(w io.Writer, prefix string) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	return enc
}

// indentedJSON is v as newJSONEncoder writes it, every line after the
// first under prefix, without the final newline: a value within a
// document written in parts.
func indentedJSON(v any, prefix string) ([]byte, error) {
	var b bytes.Buffer
	if err := newJSONEncoder(&b, prefix).Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// jsonArray streams the elements of an array within a document written in
// parts, as they come, each on a line of its own as newJSONEncoder
// indents them.
type jsonArray struct {
	// sep goes between two elements: a comma, a newline and the
	// elements' indentation.
	sep string
	n   int
}

// next returns what goes before the next element.
func (a *jsonArray) next() string {
	a.n++
	if a.n == 1 {
		return a.sep[1:]
	}
	return a.sep
}

// end returns what closes the array: ] on a line of its own, a level
// less indented than the elements, or right after [ when it is empty.
func (a *jsonArray) end() string {
	if a.n == 0 {
		return "]"
	}
	return a.sep[1:len(a.sep)-2] + "]"
}

// resultJSON writes check results as the JSON of docs/formats.md, "Check results", the
// bytes newJSONEncoder writes for them (TestResultJSONIsEncodingJSON
// holds the two together, field by field, whatever the types gain),
// without reflection or a second pass to indent. Its buffer is reused
// from result to result.
type resultJSON struct {
	buf []byte
	// prefix is how many spaces start every line after the first.
	prefix int
	depth  int
	// first is set while the open object or array has no element.
	first bool
}

// result returns r's JSON, every line after the first indented by prefix
// spaces, without a final newline; the bytes are valid until the next
// call.
func (j *resultJSON) result(r *check.Result, prefix int) []byte {
	j.buf, j.prefix, j.depth, j.first = j.buf[:0], prefix, 0, false
	j.open('{')
	j.stringField("file", r.File)
	j.stringField("profile", r.Profile)
	j.stringField("status", string(r.Status))
	j.key("recommendation")
	if r.Decision == nil {
		j.null()
	} else {
		j.recommendation(r.Profile, r.Decision)
	}
	j.key("findings")
	j.open('[') // never null: a result with no finding has []
	// An invalid file is one invalid-profile finding, at its first
	// problem, its message listing the others (docs/formats.md).
	for _, f := range r.Findings {
		j.next()
		j.finding(f)
	}
	j.close(']')
	j.close('}')
	return j.buf
}

func (j *resultJSON) recommendation(profile string, d *engine.Decision) {
	j.open('{')
	j.stringField("apiVersion", soc.APIVersion)
	j.stringField("kind", soc.KindRecommendation)
	j.stringField("profile", profile)
	j.stringField("summary", d.Summary)
	j.key("reports")
	list(j, d.Reports, (*resultJSON).report)
	j.key("obligations")
	list(j, d.Obligations, (*resultJSON).consideration)
	j.key("also_consider")
	list(j, d.AlsoConsider, (*resultJSON).consideration)
	j.key("warnings")
	list(j, d.Warnings, (*resultJSON).warning)
	j.key("notes")
	list(j, d.Notes, (*resultJSON).reason)
	j.key("next_steps")
	list(j, d.NextSteps, (*resultJSON).reason)
	j.key("estimates")
	list(j, d.Estimates, (*resultJSON).estimate)
	j.key("plan")
	if d.Plan == nil {
		j.null()
	} else {
		j.plan(d.Plan)
	}
	j.key("sources")
	list(j, d.Sources, (*resultJSON).source)
	j.stringsField("fired", d.Fired)
	j.close('}')
}

func (j *resultJSON) report(r engine.Report) {
	j.open('{')
	j.stringField("report", r.Report)
	j.optionalID("type", string(r.Type))
	j.stringsField("criteria", r.Criteria)
	j.key("reasons")
	list(j, r.Reasons, (*resultJSON).reason)
	j.key("interim")
	if r.Interim == nil {
		j.null()
	} else {
		j.open('{')
		j.stringField("type", r.Interim.Type)
		j.stringField("text", r.Interim.Text)
		j.stringField("rule", r.Interim.Rule)
		j.stringsField("sources", r.Interim.Sources)
		j.close('}')
	}
	j.close('}')
}

func (j *resultJSON) reason(r engine.Reason) {
	j.open('{')
	j.stringField("rule", r.Rule)
	j.stringField("text", r.Text)
	j.stringsField("sources", r.Sources)
	j.close('}')
}

func (j *resultJSON) warning(w engine.Warning) {
	j.open('{')
	j.stringField("code", w.Code)
	j.stringField("text", w.Text)
	j.stringsField("answers", w.Answers)
	j.omitEmpty("rule", w.Rule)
	if len(w.Sources) > 0 {
		j.stringsField("sources", w.Sources)
	}
	j.close('}')
}

func (j *resultJSON) plan(p *engine.Plan) {
	j.open('{')
	j.stringField("as_of", p.AsOf)
	j.key("milestones")
	list(j, p.Milestones, (*resultJSON).milestone)
	j.key("deadline")
	if p.Deadline == nil {
		j.null()
	} else {
		j.open('{')
		j.stringField("date", p.Deadline.Date)
		j.key("met")
		j.boolValue(p.Deadline.Met)
		j.stringField("text", p.Deadline.Text)
		j.close('}')
	}
	j.close('}')
}

func (j *resultJSON) milestone(m engine.Milestone) {
	j.open('{')
	j.stringField("id", m.ID)
	j.optionalID("report", string(m.Report))
	j.optionalID("type", string(m.Type))
	j.stringField("text", m.Text)
	j.omitEmpty("start", m.Start)
	j.omitEmpty("end", m.End)
	j.omitEmpty("date", m.Date)
	j.close('}')
}

// optionalID writes an id, or null for none.
func (j *resultJSON) optionalID(key, id string) {
	if id == "" {
		j.key(key)
		j.null()
		return
	}
	j.stringField(key, id)
}

func (j *resultJSON) source(s engine.Source) {
	j.open('{')
	j.stringField("id", s.ID)
	j.stringField("title", s.Title)
	j.stringField("publisher", s.Publisher)
	j.stringField("date", s.Date)
	j.stringField("url", s.URL)
	j.stringField("kind", s.Kind)
	j.stringField("grade", s.Grade)
	j.close('}')
}

func (j *resultJSON) consideration(c engine.Consideration) {
	j.open('{')
	j.stringField("id", c.ID)
	j.stringField("text", c.Text)
	j.stringField("rule", c.Rule)
	j.stringsField("sources", c.Sources)
	j.close('}')
}

func (j *resultJSON) estimate(e engine.Estimate) {
	j.open('{')
	j.stringField("report", e.Report)
	j.stringField("type", e.Type)
	j.key("cost_usd")
	j.rangeValue(e.CostUSD)
	j.key("months")
	j.rangeValue(e.Months)
	j.stringField("source", e.Source)
	j.stringsField("sources", e.Sources)
	j.stringField("grade", e.Grade)
	j.close('}')
}

func (j *resultJSON) rangeValue(r engine.Range) {
	j.open('{')
	j.intField("low", r.Low)
	j.intField("high", r.High)
	j.close('}')
}

func (j *resultJSON) finding(f check.Finding) {
	j.open('{')
	j.stringField("code", f.Code)
	j.stringField("severity", f.Severity.String())
	j.omitEmpty("report", f.Report)
	j.stringField("message", f.Message)
	j.intField("line", f.Line)
	j.intField("column", f.Column)
	if f.Waiver != nil {
		j.key("waiver")
		j.open('{')
		j.stringField("code", f.Waiver.Code)
		j.stringField("reason", f.Waiver.Reason)
		j.stringField("expires", f.Waiver.Expires)
		j.close('}')
	}
	j.close('}')
}

// list writes a slice as an array of values, each written by value; a
// nil slice is null, as encoding/json has it.
func list[T any](j *resultJSON, items []T, value func(*resultJSON, T)) {
	if items == nil {
		j.null()
		return
	}
	j.open('[')
	for _, it := range items {
		j.next()
		value(j, it)
	}
	j.close(']')
}

func (j *resultJSON) open(c byte) {
	j.buf = append(j.buf, c)
	j.depth++
	j.first = true
}

// close ends an object or array: on a line of its own, or right after
// the opening bracket when it is empty.
func (j *resultJSON) close(c byte) {
	j.depth--
	if !j.first {
		j.newline()
	}
	j.buf = append(j.buf, c)
	j.first = false
}

// next starts an element of the open object or array.
func (j *resultJSON) next() {
	if !j.first {
		j.buf = append(j.buf, ',')
	}
	j.first = false
	j.newline()
}

func (j *resultJSON) newline() {
	if n := 1 + j.prefix + 2*j.depth; n <= len(lineStarts) {
		j.buf = append(j.buf, lineStarts[:n]...)
		return
	}
	j.buf = append(j.buf, '\n')
	for range j.prefix + 2*j.depth {
		j.buf = append(j.buf, ' ')
	}
}

// lineStarts are the starts of lines as deep as results go.
const lineStarts = "\n                                                                "

// key starts a field; the keys are socpick's own and need no escaping.
func (j *resultJSON) key(k string) {
	j.next()
	j.buf = append(j.buf, '"')
	j.buf = append(j.buf, k...)
	j.buf = append(j.buf, `": `...)
}

func (j *resultJSON) stringField(k, v string) {
	j.key(k)
	j.str(v)
}

// omitEmpty writes a string field, or nothing when it is "" (omitempty).
func (j *resultJSON) omitEmpty(k, v string) {
	if v != "" {
		j.stringField(k, v)
	}
}

// stringsField writes a list of strings, null when nil.
func (j *resultJSON) stringsField(k string, v []string) {
	j.key(k)
	list(j, v, (*resultJSON).str)
}

func (j *resultJSON) intField(k string, v int) {
	j.key(k)
	j.buf = strconv.AppendInt(j.buf, int64(v), 10)
}

func (j *resultJSON) str(s string) { j.buf = appendJSONString(j.buf, s) }

func (j *resultJSON) null() { j.buf = append(j.buf, "null"...) }

func (j *resultJSON) boolValue(v bool) { j.buf = strconv.AppendBool(j.buf, v) }

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it without HTML escaping: quotes, backslashes and control
// characters escaped, U+2028 and U+2029 too, invalid UTF-8 as U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Most text needs no escaping: skip it 8 bytes at a time.
		if i+8 <= len(s) && plain8(load8(s, i)) {
			i += 8
			continue
		}
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= ' ' && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// load8 reads the 8 bytes of s at i as one number.
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// plain8 reports whether the 8 bytes of x are ASCII that JSON writes as
// they are: none below a space, none a quote or a backslash.
func plain8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	// (y - n*ones) &^ y & highs is not zero exactly when a byte of y is
	// below n (for bytes below 0x80; the others are caught by x&highs):
	// the "has less" and "has zero" tricks of Bit Twiddling Hacks.
	q, b := x^'"'*ones, x^'\\'*ones
	return ((x-' '*ones)&^x|(q-ones)&^q|(b-ones)&^b|x)&highs == 0
}
