package render

import (
	"strings"
	"testing"
)

func TestVisible(t *testing.T) {
	for _, tc := range []struct{ in, want, lines string }{
		{"vendors/acme.yaml", "vendors/acme.yaml", "vendors/acme.yaml"},
		{`C:\vendors\acme.yaml`, `C:\vendors\acme.yaml`, `C:\vendors\acme.yaml`},
		{"Société Générale ✅", "Société Générale ✅", "Société Générale ✅"},
		{"z\n::error::pwned", `z\n::error::pwned`, "z\n::error::pwned"},
		{"a\r\nb\tc", `a\r\nb\tc`, "a\\r\nb\\tc"},
		{"\x1b[31mred\x1b[0m\x07\x7f", `\x1b[31mred\x1b[0m\a\x7f`, `\x1b[31mred\x1b[0m\a\x7f`},
		{"csi \u009b2J, nel \u0085", `csi \u009b2J, nel \u0085`, `csi \u009b2J, nel \u0085`},
		{"bad \xff\xc2 utf-8", `bad \xff\xc2 utf-8`, `bad \xff\xc2 utf-8`},
		{"evil\u202egpj.yaml", `evil\u202egpj.yaml`, `evil\u202egpj.yaml`},
		{"zero\u200bwidth\ufeff sep\u2028", `zero\u200bwidth\ufeff sep\u2028`, `zero\u200bwidth\ufeff sep\u2028`},
	} {
		if got := visible(tc.in); got != tc.want {
			t.Errorf("visible(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := visibleLines(tc.in); got != tc.lines {
			t.Errorf("visibleLines(%q) = %q, want %q", tc.in, got, tc.lines)
		}
		if again := visible(visible(tc.in)); again != visible(tc.in) {
			t.Errorf("visible is not idempotent on %q: %q", tc.in, again)
		}
	}
}

// No line logLine passes is a command to GitHub Actions or Azure
// Pipelines; ordinary lines pass as they are.
func TestLogLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"FAIL vendors/acme.yaml (acme): SOC 2 Type II", "FAIL vendors/acme.yaml (acme): SOC 2 Type II"},
		{"  vendors/a.yaml:3:1: error missing-report: no SOC 2 :: held", "  vendors/a.yaml:3:1: error missing-report: no SOC 2 :: held"},
		{"## Also consider", "## Also consider"},
		{"::error title=INJECTED::pwned", `\x3a:error title=INJECTED::pwned`},
		{"  \u00a0\t::warning::x", "  \u00a0\t\\x3a:warning::x"},
		{"FAIL z##[error]pwned.yaml", `FAIL z#\x23[error]pwned.yaml`},
		{"x ##[stop-commands]tok ##vso[task.setvariable variable=a]b", `x #\x23[stop-commands]tok #\x23vso[task.setvariable variable=a]b`},
	} {
		if got := logLine(tc.in); got != tc.want {
			t.Errorf("logLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if cmd, ok := runnerCommand(logLine(tc.in)); ok {
			t.Errorf("logLine(%q) is still a command: %s", tc.in, cmd)
		}
	}
}

// runnerCommand is what the GitHub Actions runner takes a log line for
// (ActionCommand.TryParseV2 and TryParse): a command name, or false.
func runnerCommand(line string) (string, bool) {
	if rest := strings.TrimLeft(line, " \t\u00a0\u3000"); strings.HasPrefix(rest, "::") {
		if end := strings.Index(rest[2:], "::"); end >= 0 {
			name, _, _ := strings.Cut(rest[2:2+end], " ")
			return name, true
		}
	}
	if i := strings.Index(line, "##["); i >= 0 {
		if end := strings.Index(line[i:], "]"); end >= 0 {
			name, _, _ := strings.Cut(line[i+3:i+end], " ")
			return name, true
		}
	}
	return "", false
}

// A property is read back by the runner as the very string: the path of
// the file an annotation lands on.
func TestGitHubPropertyRoundTrip(t *testing.T) {
	unescape := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
	for _, s := range []string{"vendors/acme.yaml", "z\n::error title=INJECTED::pwned\n.yaml", "a,b:c%0Ad%25.yaml", "a\r\nb.yaml"} {
		esc := ghProperty(s)
		if strings.ContainsAny(esc, "\r\n:,") {
			t.Errorf("ghProperty(%q) = %q: a separator is left", s, esc)
		}
		if got := unescape.Replace(esc); got != s {
			t.Errorf("ghProperty(%q) reads back as %q", s, got)
		}
	}
	if got := ghProperty("e\x1b[31m\u202e.yaml"); got != `e\x1b[31m\u202e.yaml` {
		t.Errorf("ghProperty = %q, want the escape sequence visible", got)
	}
	if got := ghData("a\n::error::b\r%\x1b"); got != `a%0A::error::b\r%25\x1b` {
		t.Errorf("ghData = %q", got)
	}
}

func TestMarkdownEscapers(t *testing.T) {
	for _, tc := range []struct{ in, md, code string }{
		{"vendors/acme.yaml", "vendors/acme.yaml", "`vendors/acme.yaml`"},
		{"a`b", "a\\`b", "``a`b``"},
		{"`x``", "\\`x\\`\\`", "``` `x`` ```"},
		{"[click](https://evil) <img src=x> **b** _i_ \\*", `\[click\](https://evil) &lt;img src=x&gt; \*\*b\*\* \_i\_ \\\*`, "`[click](https://evil) <img src=x> **b** _i_ \\*`"},
		{"z\n# heading\n- item", `z\\n# heading\\n- item`, "`z\\n# heading\\n- item`"},
	} {
		if got := md(tc.in); got != tc.md {
			t.Errorf("md(%q) = %q, want %q", tc.in, got, tc.md)
		}
		if got := mdCode(tc.in); got != tc.code {
			t.Errorf("mdCode(%q) = %q, want %q", tc.in, got, tc.code)
		}
	}
	if got := cellLines("a | b\nc\x1b"); got != `a \| b<br>c\\x1b` {
		t.Errorf("cellLines = %q", got)
	}
}

// TestEveryHiddenRuneIsEscaped: escapeRune leaves no rune that hides
// as it is, over the whole range hides selects in the first planes.
func TestEveryHiddenRuneIsEscaped(t *testing.T) {
	for r := rune(0); r < 0x30000; r++ {
		if hides(r) && !strings.HasPrefix(escapeRune(r), `\`) {
			t.Fatalf("%U is left as %q", r, escapeRune(r))
		}
	}
}
