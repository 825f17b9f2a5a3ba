package render_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/render"
	"github.com/socpick/socpick/internal/strictyaml"
)

// hostile are file names and messages a pull request can put in front of
// socpick: a newline and a workflow command, the older ##[ form, a leading
// ::, terminal escapes, Markdown and HTML.
var hostile = []string{
	"z\n::error title=INJECTED::pwned\n.yaml",
	"::error title=INJECTED::pwned.yaml",
	"z##[error]INJECTED.yaml",
	"z\r::error title=INJECTED::pwned.yaml",
	"z\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\\x1b[2J.yaml",
	"z\u202e\u2028::error::INJECTED.yaml",
	"z`](https://evil) <img src=x onerror=alert(1)> | **INJECTED**\n# INJECTED\n.yaml",
}

// hostileRun checks one profile named name, whose message quotes a value
// that holds the name too.
func hostileRun(t *testing.T, format, name string) string {
	t.Helper()
	run := render.CheckRun{Options: check.Options{AsOf: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), FailOn: check.Error}, Rules: "rules\n::error::INJECTED"}
	results := []*check.Result{
		{File: name, Profile: "acme", Status: check.Fail, Findings: []check.Finding{
			{Code: check.MissingReport, Severity: check.Error, Report: "soc2", Message: "no SOC 2 is held; got " + name, Line: 3, Column: 1},
		}},
		{File: name, Status: check.Errored, Findings: []check.Finding{
			{Code: check.InvalidProfile, Severity: check.Error, Message: "unknown key " + name + "\n7:3: got " + name, Line: 4, Column: 9,
				Also: []strictyaml.Problem{{Pos: strictyaml.Pos{Line: 7, Column: 3}, Msg: "got " + name}}},
		}},
		{File: name, Status: check.Errored, Findings: []check.Finding{
			{Code: check.InvalidProfile, Severity: check.Error, Message: "cannot read: " + name},
		}},
	}
	r, err := render.NewCheck(format, run, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	var sum check.Summary
	if err := r.Begin(&buf); err != nil {
		t.Fatal(err)
	}
	for _, res := range results {
		sum.Add(res)
		if err := r.Result(&buf, res); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.End(&buf, sum); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// Whatever a file is named, and whatever a message quotes, no format
// forges a workflow command, writes a control character or escape
// sequence, or lets the name out of its place in the document.
func TestHostileNames(t *testing.T) {
	for _, name := range hostile {
		for _, format := range render.CheckOutput.Formats() {
			out := hostileRun(t, format, name)
			if format == "json" || format == "sarif" {
				var doc any
				if err := json.Unmarshal([]byte(out), &doc); err != nil {
					t.Errorf("%s, %q: %v", format, name, err)
				}
				continue // a string in JSON: encoded, never shown raw
			}
			for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if strings.ContainsFunc(line, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 }) {
					t.Errorf("%s, %q: line %d holds a control character: %q", format, name, i+1, line)
				}
				if strings.Contains(line, "\u202e") || strings.Contains(line, "\u2028") {
					t.Errorf("%s, %q: line %d holds a format character: %q", format, name, i+1, line)
				}
				if strings.Contains(line, "##[") && format != "junit" && !strings.HasPrefix(line, "::") {
					// JUnit is a report file; a workflow command's data is
					// never read for another command.
					t.Errorf("%s, %q: line %d is an old-style workflow command: %q", format, name, i+1, line)
				}
				if rest := strings.TrimLeft(line, " \t"); strings.HasPrefix(rest, "::") {
					if format != "github" {
						t.Errorf("%s, %q: line %d is a workflow command: %q", format, name, i+1, line)
						continue
					}
					annotation(t, line, name)
				}
			}
			switch format {
			case "junit":
				var doc struct {
					Cases []struct {
						Name string `xml:"name,attr"`
					} `xml:"testsuite>testcase"`
				}
				if err := xml.Unmarshal([]byte(out), &doc); err != nil || len(doc.Cases) != 3 {
					t.Errorf("junit, %q: %v, %d testcases\n%s", name, err, len(doc.Cases), out)
				} else if strings.ContainsRune(doc.Cases[0].Name, '\uFFFD') || !strings.Contains(doc.Cases[0].Name, "pwned") && !strings.Contains(doc.Cases[0].Name, "INJECTED") && !strings.Contains(doc.Cases[0].Name, "link") {
					t.Errorf("junit, %q: the testcase is named %q", name, doc.Cases[0].Name)
				}
			case "markdown":
				for i, line := range strings.Split(out, "\n") {
					if strings.HasPrefix(line, "# ") {
						t.Errorf("markdown, %q: line %d is a heading of the name's: %q", name, i+1, line)
					}
					if text := outsideCode(line); strings.Contains(text, "<img") || strings.Contains(text, "](") || strings.Contains(text, "**INJECTED") {
						t.Errorf("markdown, %q: line %d lets markup through: %q", name, i+1, line)
					}
					if strings.HasPrefix(line, "| ") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 6 {
						t.Errorf("markdown, %q: line %d has cells of the name's: %q", name, i+1, line)
					}
				}
			}
		}
	}
}

// annotation checks a workflow command as the runner reads it: one of
// socpick's, titled with a finding code, on the file itself.
func annotation(t *testing.T, line, name string) {
	t.Helper()
	rest := strings.TrimLeft(line, " \t")
	end := strings.Index(rest[2:], "::")
	if end < 0 {
		t.Errorf("github, %q: not a command: %q", name, line)
		return
	}
	cmd, props, _ := strings.Cut(rest[2:2+end], " ")
	switch cmd {
	case "error", "warning", "notice":
	default:
		t.Errorf("github, %q: a %s command: %q", name, cmd, line)
	}
	unescape := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
	for _, p := range strings.Split(props, ",") {
		k, v, _ := strings.Cut(p, "=")
		v = unescape.Replace(v)
		switch {
		case k == "title" && v != check.MissingReport && v != check.InvalidProfile:
			t.Errorf("github, %q: titled %q: %q", name, v, line)
		case k == "file" && !strings.ContainsFunc(name, hides) && v != name:
			t.Errorf("github, %q: on the file %q: %q", name, v, line)
		case k == "file" && strings.ContainsFunc(v, hides):
			t.Errorf("github, %q: on the file %q, control characters and all: %q", name, v, line)
		}
	}
}

// hides is what may act rather than show, besides the line breaks that a
// workflow command's property escapes and the runner reads back.
func hides(r rune) bool {
	return r != '\n' && r != '\r' && unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}

// escaped is a backslash escape in Markdown: the character shows as it is.
var escaped = regexp.MustCompile(`\\.`)

// outsideCode is a Markdown line without its escapes and code spans, where nothing is
// markup: what is left is read as Markdown.
func outsideCode(line string) string {
	line = escaped.ReplaceAllString(line, "")
	var out strings.Builder
	for {
		i := strings.IndexByte(line, '`')
		if i < 0 {
			return out.String() + line
		}
		out.WriteString(line[:i])
		n := i
		for n < len(line) && line[n] == '`' {
			n++
		}
		fence := line[i:n]
		end := strings.Index(line[n:], fence)
		for end >= 0 && n+end+len(fence) < len(line) && line[n+end+len(fence)] == '`' {
			next := strings.Index(line[n+end+len(fence)+1:], fence) // a longer run is not the fence
			if next < 0 {
				end = -1
				break
			}
			end += len(fence) + 1 + next
		}
		if end < 0 {
			return out.String() + line[i:] // no closing fence: literal backticks
		}
		line = line[n+end+len(fence):]
	}
}

// The profile's name heads its advice: escaped there too.
func TestHostileAdviceHead(t *testing.T) {
	for _, name := range hostile {
		a := acmeAdvice(t)
		a.Profile = name
		for _, format := range []string{"text", "markdown"} {
			r, err := render.AdviceOutput.Get(format, render.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := r.Advice(&buf, a); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(buf.String(), "\n")
			for i, line := range lines {
				if rest := strings.TrimLeft(line, " \t"); strings.HasPrefix(rest, "::") || strings.Contains(line, "##[") {
					t.Errorf("%s, %q: line %d is a workflow command: %q", format, name, i+1, line)
				}
				if strings.ContainsFunc(line, func(r rune) bool { return r < ' ' || r == 0x7f || hides(r) }) {
					t.Errorf("%s, %q: line %d holds a control character: %q", format, name, i+1, line)
				}
			}
			if format == "markdown" && (!strings.HasPrefix(lines[0], "# SOC report advice: ") || lines[1] != "" || strings.Contains(outsideCode(lines[0]), "<img")) {
				t.Errorf("markdown, %q: the title is not one line of text: %q", name, lines[:2])
			}
		}
	}
}

// TestHostileRuleTexts: a reason, a note or a catalog name comes from a
// user's rule files, and reaches the screen with no control sequence.
func TestHostileRuleTexts(t *testing.T) {
	for _, text := range hostile {
		a := acmeAdvice(t)
		d := *a.Decision
		d.Notes = append(d.Notes[:0:0], d.Notes...)
		d.Notes = append(d.Notes, engine.Reason{Rule: "r", Text: text, Sources: []string{"hostile"}})
		d.NextSteps = append(d.NextSteps[:0:0], engine.Reason{Rule: "r", Text: text, Sources: []string{"hostile"}})
		d.Sources = append(d.Sources[:0:0], engine.Source{ID: "hostile", Title: text, Publisher: text, Date: text, URL: text, Grade: "L"})
		a.Decision = &d
		r, err := render.AdviceOutput.Get("text", render.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := r.Advice(&buf, a); err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(buf.String(), "\n") {
			if rest := strings.TrimLeft(line, " \t"); strings.HasPrefix(rest, "::") || strings.Contains(line, "##[") {
				t.Errorf("%q: line %d is a workflow command: %q", text, i+1, line)
			}
			if strings.ContainsFunc(line, func(r rune) bool { return r < ' ' || r == 0x7f || hides(r) }) {
				t.Errorf("%q: line %d holds a control character: %q", text, i+1, line)
			}
		}
	}
}
