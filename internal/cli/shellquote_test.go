package cli

import (
	"os/exec"
	"runtime"
	"testing"
)

// A hint's path pastes into a shell as the one path it is.
func TestShellArg(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX shells' quoting")
	}
	for in, want := range map[string]string{
		"vendors/acme.yaml":   "vendors/acme.yaml",
		"Ünïcode.yaml":        "Ünïcode.yaml",
		"Ünïcode Vendor.yaml": "'Ünïcode Vendor.yaml'",
		"it's $HOME.yaml":     `'it'\''s $HOME.yaml'`,
		"-x.yaml":             "./-x.yaml",
		"a;b`c`.yaml":         "'a;b`c`.yaml'",
		"x\n::error::y.yaml":  `$'x\n::error::y.yaml'`,
		"it's\tme.yaml":       `$'it\'s\tme.yaml'`,
	} {
		if got := shellArg(in); got != want {
			t.Errorf("shellArg(%q) = %s, want %s", in, got, want)
		}
	}
	// bash reads them back as they were ($'...' is bash's and zsh's).
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash to read them back")
	}
	for _, in := range []string{"Ünïcode Vendor.yaml", "it's $HOME.yaml", "a;b`c`.yaml", "tab\there", "x\n::error::y.yaml", "it's\tme\\.yaml", "a\u0085\nb.yaml"} {
		out, err := exec.Command("bash", "-c", "printf %s "+shellArg(in)).Output()
		if err != nil || string(out) != in {
			t.Errorf("sh reads %s as %q (%v), want %q", shellArg(in), out, err, in)
		}
	}
}
