package strictyaml

import (
	"fmt"
	"strings"
	"testing"
)

// A file of thousands of stray keys prints a bounded report: the first
// MaxProblems problems, the valid keys named once, and a count of the rest.
func TestManyProblemsAreCappedAndNameTheValidKeysOnce(t *testing.T) {
	var src strings.Builder
	src.WriteString("name: x\n")
	const n = 60000
	for i := 0; i < n; i++ {
		fmt.Fprintf(&src, "k%d: 1\n", i)
	}
	root, err := Parse("f.yaml", []byte(src.String()))
	if err != nil {
		t.Fatal(err)
	}
	probs := &Problems{File: "f.yaml"}
	Decode(root, &sample{}, "", probs)
	got := probs.Err().Error()
	lines := strings.Split(got, "\n")
	if len(lines) != MaxProblems+1 {
		t.Fatalf("%d lines, want %d", len(lines), MaxProblems+1)
	}
	if want := `f.yaml:2:1: top level: unknown key "k0" (valid keys: name, count, tags, inner)`; lines[0] != want {
		t.Errorf("first line:\n%s\nwant\n%s", lines[0], want)
	}
	if want := `f.yaml:3:1: top level: unknown key "k1" (valid keys as above)`; lines[1] != want {
		t.Errorf("second line:\n%s\nwant\n%s", lines[1], want)
	}
	if want := fmt.Sprintf("f.yaml: ... and %d more problems", n-MaxProblems); lines[MaxProblems] != want {
		t.Errorf("last line:\n%s\nwant\n%s", lines[MaxProblems], want)
	}
	if strings.Count(got, "valid keys:") != 1 || len(got) > 4096 {
		t.Errorf("%d bytes, %d key lists", len(got), strings.Count(got, "valid keys:"))
	}
	// Err is idempotent: a second call neither adds a second summary nor
	// loses the count.
	if again := probs.Err().Error(); again != got {
		t.Errorf("second Err differs:\n%s", again)
	}
}

// The problems kept are the first by position, whatever order they were
// found in.
func TestCapKeepsTheFirstByPosition(t *testing.T) {
	probs := &Problems{File: "f.yaml"}
	for i := MaxProblems + 10; i >= 1; i-- {
		probs.Add(Pos{Line: i, Column: 1}, "p%d", i)
	}
	err := probs.Err().(*Problems)
	if len(err.Items) != MaxProblems+1 || err.Items[0].Line != 1 || err.Items[MaxProblems-1].Line != MaxProblems {
		t.Errorf("items: %v ... %v", err.Items[0], err.Items[len(err.Items)-1])
	}
	if last := err.Items[MaxProblems]; last.Msg != "... and 10 more problems" || last.Line != 0 {
		t.Errorf("summary %+v", last)
	}
}

func TestQuote(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"soc2", `"soc2"`},
		{"", `""`},
		{"a\x1b[31mred\n", `"a\x1b[31mred\n"`},
		{"right\u202eleft", `"right\u202eleft"`},
		{"https://user:ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com", `"https://user:ghp_abcdefg…"`},
		{strings.Repeat("é", 40), `"` + strings.Repeat("é", QuoteMax) + `…"`},
	} {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// A value read from a user's file is echoed as a short, escaped prefix: a
// credentials file read as a profile must not reach a CI log whole.
func TestDescribeAndMessagesEchoAShortPrefix(t *testing.T) {
	secret := "https://user:ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com"
	for _, tt := range []struct{ name, src, want string }{
		{"scalar", secret + "\n", `"https://user:ghp_abcdefg…"`},
		{"number", "1" + strings.Repeat("0", 100) + "\n", "the number 1" + strings.Repeat("0", QuoteMax-1) + "…"},
	} {
		root, err := Parse("f.yaml", []byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		if got := Describe(root); got != tt.want {
			t.Errorf("%s: Describe = %s, want %s", tt.name, got, tt.want)
		}
	}
	root, err := Parse("f.yaml", []byte("name: x\ncount: \""+secret+"\"\n\""+secret+"\": 1\nkind: "+secret+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	probs := &Problems{File: "f.yaml"}
	Decode(root, &sample{}, "", probs)
	CheckHeader(root, "v1", "K", probs)
	got := probs.Err().Error()
	if strings.Contains(got, "klmnop") {
		t.Errorf("the secret is echoed:\n%s", got)
	}
	for _, want := range []string{
		`f.yaml:2:8: count: expected a whole number, got "https://user:ghp_abcdefg…"`,
		`f.yaml:3:1: top level: unknown key "https://user:ghp_abcdefg…"`,
		`f.yaml:4:7: kind: "https://user:ghp_abcdefg…" is wrong here (want K)`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got:\n%s", want, got)
		}
	}
}

// Every class of syntax error has the line and column of what is wrong,
// and a hint only where it fits.
func TestSyntaxErrorPositions(t *testing.T) {
	for _, tt := range []struct{ name, src, want string }{
		{"control character on line 1", "a: x\x01y\n",
			`f.yaml:1:5: invalid YAML: control character U+0001 is not allowed (only tab, newline and carriage return are)`},
		{"control character later", "a: 1\nb: 2\n# note \x07\n",
			`f.yaml:3:8: invalid YAML: control character U+0007 is not allowed (only tab, newline and carriage return are)`},
		{"unknown escape on line 1", "a: \"x\\qy\"\n",
			`f.yaml:1:6: invalid YAML: \q is not an escape in a double-quoted string (write \\ for a backslash, or quote with ' instead)`},
		{"unknown escape later", "a: 1\nb: [\"ok\\n\", \"C:\\temp\\dir\"]\n",
			`f.yaml:2:21: invalid YAML: \d is not an escape in a double-quoted string (write \\ for a backslash, or quote with ' instead)`},
		{"short hex escape", "a: 1\nb: \"\\u00\"\n",
			`f.yaml:2:5: invalid YAML: \u needs 4 hex digits (\x takes 2, \U 8)`},
		{"YAML 2.0", "%YAML 2.0\n---\na: 1\n",
			`f.yaml:1:1: invalid YAML: %YAML 2.0 is not supported (this reader takes YAML 1.1; leave the %YAML line out)`},
		{"undefined tag handle on line 1", "a: !x!y z\n",
			`f.yaml:1:4: invalid YAML: tag handle !x! is not defined (socpick files use no tags: remove it, or quote a value that starts with !)`},
		{"undefined tag handle later", "a: 1\nb: [c, !x!y z]\n",
			`f.yaml:2:8: invalid YAML: tag handle !x! is not defined (socpick files use no tags: remove it, or quote a value that starts with !)`},
		{"stray bracket on line 1", "services: [a]]\n",
			`f.yaml:1:14: invalid YAML: this ']' closes nothing (no '[' is open here)`},
		{"stray bracket later", "a: 1\nservices: [a]]\n",
			`f.yaml:2:14: invalid YAML: this ']' closes nothing (no '[' is open here)`},
		{"stray bracket in a nested mapping", "a: 1\nm:\n  x: 1\n  y: {a: 1}}\n",
			`f.yaml:4:12: invalid YAML: this '}' closes nothing (no '{' is open here)`},
		{"unclosed brace", "a: 1\nservices: {a: 1\n",
			`f.yaml:2:11: invalid YAML: this '{' is never closed with '}'`},
		{"unclosed bracket", "a: 1\nservices: [a, b\nc: 2\n",
			`f.yaml:2:11: invalid YAML: this '[' is never closed with ']'`},
		{"unclosed bracket on line 1", "a: [1\n",
			`f.yaml:1:4: invalid YAML: this '[' is never closed with ']'`},
		{"mismatched bracket", "a: 1\nb: [c, {d: 1]\n",
			`f.yaml:2:13: invalid YAML: this ']' does not close the '{' at line 2 column 8`},
		{"brackets in quotes and comments are text", "a: \"[x\" # [\nb: 'y]' \nc: [d]]\n",
			`f.yaml:3:7: invalid YAML: this ']' closes nothing (no '[' is open here)`},
		{"@ starts a value", "a: 1\nb: @x\n",
			"f.yaml:2:4: invalid YAML: found character that cannot start any token (@ and ` are reserved in YAML: quote a value that starts with one, e.g. '@x')"},
		{"@ on line 1", "@x\n",
			"f.yaml:1:1: invalid YAML: found character that cannot start any token (@ and ` are reserved in YAML: quote a value that starts with one, e.g. '@x')"},
		{"backtick", "a: 1\nb: [c, `d`]\n",
			"f.yaml:2:8: invalid YAML: found character that cannot start any token (@ and ` are reserved in YAML: quote a value that starts with one, e.g. '@x')"},
		{"tab indentation", "a: 1\n\tb: c\n",
			`f.yaml:2:1: invalid YAML: found a tab character that violates indentation (a tab? YAML is indented with spaces only)`},
		{"mapping value in a value", "a: 1\nb: c: d\n",
			`f.yaml:2:5: invalid YAML: mapping values are not allowed in this context (a value holding ": " must be quoted: 'like: this')`},
		{"mapping value on a continuation", "a: 1\nb: c\n  d: e\n",
			`f.yaml:3:4: invalid YAML: mapping values are not allowed in this context (a value holding ": " must be quoted: 'like: this')`},
		{"unclosed quote", "a: 1\nb: \"x\nc: 2\n",
			`f.yaml:2:4: invalid YAML: this quoted value is never closed (add the closing ")`},
		{"unclosed quote on line 1", "a: 'it''s [\nb: 1\n",
			`f.yaml:1:4: invalid YAML: this quoted value is never closed (add the closing ')`},
		{"tab in a value's indentation", "a:\n  - b\n\t- c\n",
			`f.yaml:3:1: invalid YAML: found a tab character that violates indentation (a tab? YAML is indented with spaces only)`},
		{"tab where a token starts", "a:\n\t- b\n",
			`f.yaml:2:1: invalid YAML: found character that cannot start any token (a tab? YAML is indented with spaces only)`},
		{"invalid code point", "a: 1\nb: \"\\uD800\"\n",
			`f.yaml:2:5: invalid YAML: \uD800 is not a Unicode character`},
		{"non-character", "a: 1\nb: x\uFFFE\n",
			`f.yaml:2:5: invalid YAML: character U+FFFE is not allowed in YAML`},
		{"CRLF line ends", "a: 1\r\nb: [c]]\r\n",
			`f.yaml:2:7: invalid YAML: this ']' closes nothing (no '[' is open here)`},
		{"a stray bracket after the real mistake is not blamed", "a:\n  b: 1\n c: 2\nd: [x]]\n",
			`f.yaml:3:2: invalid YAML: did not find expected key (check the indentation near here; a value that starts with " or holds ": " or " #" must be quoted as a whole)`},
		{"bad indentation", "a:\n  b: 1\n c: 2\n",
			`f.yaml:3:2: invalid YAML: did not find expected key (check the indentation near here; a value that starts with " or holds ": " or " #" must be quoted as a whole)`},
		{"list after a mapping on line 1", "- a\nb: 1\n",
			`f.yaml:2:1: invalid YAML: did not find expected '-' indicator (check the indentation near here; a value that starts with " or holds ": " or " #" must be quoted as a whole)`},
		{"unknown alias", "a: 1\nb: [*x]\n",
			`f.yaml:2:5: aliases (*x) are not supported here: write the value out`},
		{"block scalar text is not YAML", "a: |\n  [x]] {\nb: [c]]\n",
			`f.yaml:3:7: invalid YAML: this ']' closes nothing (no '[' is open here)`},
	} {
		_, err := Parse("f.yaml", []byte(tt.src))
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: %q\n got: %v\nwant: %s", tt.name, tt.src, err, tt.want)
		}
	}
}

// FuzzParse: any input gives a document or problems, never a panic; every
// position is inside the file, and no message carries a control character
// from it.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"a: 1\n", "services: [a]]\n", "a: 1\nservices: {a: 1\n", "a: \"x\\qy\"\n", "%YAML 2.0\n---\na: 1\n",
		"a: !x!y z\n", "a: 1\nb: @x\n", "a: |\n  [x\nb: 'y\n", "a: [b, {c: d]\n", "a:\n\t- b\n", "a: [*x]\n",
		"a: x\x01y\n", "a: 1\r\nb: [c]]\r\n", "- [a\n- b\n", "a: \"\\u00\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Parse("f.yaml", data)
		if err == nil {
			return
		}
		probs, ok := err.(*Problems)
		if !ok {
			t.Fatalf("%T: %v", err, err)
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, p := range probs.Items {
			if p.Line < 0 || p.Line > lines || p.Line > 0 && p.Column < 1 {
				t.Errorf("%d:%d outside a file of %d lines: %s", p.Line, p.Column, lines, p.Msg)
			}
			for _, r := range p.Msg {
				if r < 0x20 || r == 0x7f {
					t.Errorf("control character in %q", p.Msg)
				}
			}
		}
	})
}
