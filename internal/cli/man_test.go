package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestManPages: socpick man writes a page for socpick and every command a
// user can run, each a well-formed roff page with the command's name,
// synopsis and options; advise's lists the questions' flags.
func TestManPages(t *testing.T) {
	dir := t.TempDir()
	ios, _, errOut := bufferStreams("")
	if _, code := execute(t, ios, "man", "--dir", dir); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, name := range []string{"socpick", "socpick-advise", "socpick-check", "socpick-diff", "socpick-config", "socpick-rules-test", "socpick-version"} {
		data, err := os.ReadFile(filepath.Join(dir, name+".1"))
		if err != nil {
			t.Fatal(err)
		}
		page := string(data)
		escaped := strings.ReplaceAll(name, "-", `\-`)
		for _, want := range []string{".TH " + strings.ToUpper(escaped) + " 1", ".SH NAME\n" + escaped + ` \- `, ".SH SYNOPSIS", ".SH OPTIONS"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: no %q in\n%s", name, want, page)
			}
		}
		for i, line := range strings.Split(page, "\n") {
			if strings.HasPrefix(line, ".") && !roffRequest(line) {
				t.Errorf("%s:%d: help text read as a roff request: %q", name, i+1, line)
			}
		}
		if groff, err := exec.LookPath("groff"); err == nil {
			out, err := exec.Command(groff, "-z", "-man", "-Tutf8", filepath.Join(dir, name+".1")).CombinedOutput()
			if err != nil || len(out) > 0 {
				t.Errorf("%s: groff: %v\n%s", name, err, out)
			}
		}
	}
	advise, _ := os.ReadFile(filepath.Join(dir, "socpick-advise.1"))
	if !strings.Contains(string(advise), `\-\-services VALUE,\:...`) {
		t.Error("socpick-advise.1 does not list the question flags")
	}
	if _, err := os.Stat(filepath.Join(dir, "socpick-man.1")); err == nil {
		t.Error("the hidden man command has a page")
	}
}

// roffRequest reports whether line is one of the requests manPage writes.
func roffRequest(line string) bool {
	for _, r := range []string{".TH ", ".ad l", ".SH ", ".PP", ".TP", ".B ", ".nf", ".fi"} {
		if strings.HasPrefix(line, r) {
			return true
		}
	}
	return false
}

func TestRoffEscapesRequestsAndBackslashes(t *testing.T) {
	for in, want := range map[string]string{
		".hidden": `\&.hidden`,
		"'quote":  `\&'quote`,
		`a\b`:     `a\eb`,
		"--flag":  `\-\-flag`,
		"a,b":     `a,\:b`,
		"x\n.y":   "x\n\\&.y",
	} {
		if got := roff(in); got != want {
			t.Errorf("roff(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestManNeedsADirectory(t *testing.T) {
	ios, _, errOut := bufferStreams("")
	if _, code := execute(t, ios, "man"); code != ExitUsage || !strings.Contains(errOut.String(), "--dir") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestCommandDocsAreCurrent: docs/commands holds exactly the markdown pages
// the commands' help makes today; after a change to a command's help, run
// make docs.
func TestCommandDocsAreCurrent(t *testing.T) {
	dir := t.TempDir()
	ios, _, errOut := bufferStreams("")
	if _, code := execute(t, ios, "man", "--format", "markdown", "--dir", dir); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	committed := filepath.Join("..", "..", "docs", "commands")
	want, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	have, _ := filepath.Glob(filepath.Join(committed, "*.md"))
	if len(want) != len(have) {
		t.Errorf("docs/commands has %d pages, the commands make %d: run make docs", len(have), len(want))
	}
	for _, w := range want {
		gen, _ := os.ReadFile(w)
		old, err := os.ReadFile(filepath.Join(committed, filepath.Base(w)))
		if err != nil || string(gen) != string(old) {
			t.Errorf("docs/commands/%s is not what the help makes today: run make docs", filepath.Base(w))
		}
	}
}

func TestMarkdownPageEscapesHelpText(t *testing.T) {
	for in, want := range map[string]string{
		"*.yaml files":     `\*.yaml files`,
		"<0-120> and a|b":  `\<0-120\> and a\|b`,
		"snake_case [x]`":  "snake\\_case \\[x\\]\\`",
		"plain, words 1.0": "plain, words 1.0",
	} {
		if got := mdEscape(in); got != want {
			t.Errorf("mdEscape(%q) = %q, want %q", in, got, want)
		}
	}
}
