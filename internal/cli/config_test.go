package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A setting comes from the first of: its flag, its SOCPICK_* variable,
// .socpick.yaml (found from the working directory up to the repository's
// root, its rules relative to it), socpick's default.
func TestConfigPrecedence(t *testing.T) {
	repo := t.TempDir()
	for _, d := range []string{".git", "sub/deeper", "my-rules", "vendors"} {
		if err := os.MkdirAll(filepath.Join(repo, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(repo, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".socpick.yaml", "format: markdown\nfail-on: warning\nrules: my-rules\nexclude: [drafts, '*.example.yaml']\n")
	config := func(env map[string]string, args ...string) map[string][2]string {
		t.Helper()
		ios, out, errOut := bufferStreams("")
		ios.workDir, ios.env = filepath.Join(repo, "sub", "deeper"), env
		if code := Run(append(args, "config", "--format", "json"), ios); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var list []setting
		if err := json.Unmarshal(out.Bytes(), &list); err != nil {
			t.Fatal(err)
		}
		got := map[string][2]string{}
		for _, s := range list {
			got[s.Name] = [2]string{s.Value, s.From}
		}
		return got
	}
	file := filepath.Join(repo, ".socpick.yaml")
	got := config(nil)
	for name, want := range map[string][2]string{
		"format":  {"markdown", file},
		"fail-on": {"warning", file},
		"rules":   {filepath.Join(repo, "my-rules"), file},
		"exclude": {"drafts,*.example.yaml", file},
		"jobs":    {"0", "default"},
	} {
		if got[name] != want {
			t.Errorf("from the file, %s = %v, want %v", name, got[name], want)
		}
	}
	got = config(map[string]string{"SOCPICK_FAIL_ON": "info", "SOCPICK_RULES": "env-rules", "SOCPICK_JOBS": "3"})
	for name, want := range map[string][2]string{
		"fail-on": {"info", "SOCPICK_FAIL_ON"},
		"rules":   {"env-rules", "SOCPICK_RULES"},
		"jobs":    {"3", "SOCPICK_JOBS"},
		"format":  {"markdown", file},
	} {
		if got[name] != want {
			t.Errorf("with variables, %s = %v, want %v", name, got[name], want)
		}
	}
	got = config(map[string]string{"SOCPICK_RULES": "env-rules"}, "--rules", "flag-rules")
	if got["rules"] != [2]string{"flag-rules", "--rules"} {
		t.Errorf("with the flag, rules = %v", got["rules"])
	}

	// A settings file above the repository's root is not read.
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, ".socpick.yaml"), []byte("format: json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p := findConfig(filepath.Join(repo, "sub")); p != file {
		t.Errorf("found %q, want %q", p, file)
	}

	// check takes its settings: the flag over the file.
	write("vendors/a.yaml", "")
	ios, out, _ := bufferStreams("")
	ios.workDir = repo
	write(".socpick.yaml", "format: json\n")
	Run([]string{"check", filepath.Join(repo, "vendors"), "--as-of", "2026-11-22"}, ios)
	if !strings.HasPrefix(out.String(), "{") {
		t.Errorf("check ignored the file's format:\n%s", out)
	}
	ios, out, _ = bufferStreams("")
	ios.workDir = repo
	Run([]string{"check", filepath.Join(repo, "vendors"), "--as-of", "2026-11-22", "--format", "text"}, ios)
	if strings.HasPrefix(out.String(), "{") {
		t.Errorf("--format did not win over the file:\n%s", out)
	}

	// A file that is not valid is an error, at its line.
	write(".socpick.yaml", "format: json\nfail_on: warning\n")
	ios, _, errOut := bufferStreams("")
	ios.workDir = repo
	if code := Run([]string{"config"}, ios); code != ExitUsage || !strings.Contains(errOut.String(), `.socpick.yaml:2:1: top level: unknown key "fail_on"`) {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// A bad value from a variable or the settings file is refused by name and
// place (not as the flag nobody gave), by check and by config, which still
// shows the settings; a settings file with every line commented out is
// no settings.
func TestConfigBadValuesNamed(t *testing.T) {
	repo := t.TempDir()
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	profile, err := filepath.Abs("../../testdata/vendors/saas-startup.yaml")
	if err != nil {
		t.Fatal(err)
	}
	run := func(file string, env map[string]string, args ...string) (int, string, string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(repo, ".socpick.yaml"), []byte(file), 0o644); err != nil {
			t.Fatal(err)
		}
		ios, out, errOut := bufferStreams("")
		ios.workDir, ios.env = repo, env
		code := Run(args, ios)
		return code, out.String(), errOut.String()
	}
	settingsFile := filepath.Join(repo, ".socpick.yaml")
	for _, tt := range []struct {
		name, file string
		env        map[string]string
		want       string
	}{
		{"a variable", "", map[string]string{"SOCPICK_FAIL_ON": "bogus"}, `SOCPICK_FAIL_ON: unknown severity "bogus"`},
		{"a variable's format", "", map[string]string{"SOCPICK_FORMAT": "pdf"}, `SOCPICK_FORMAT: unknown format "pdf"`},
		{"the file", "jobs: 2\nformat: pdf\n", nil, settingsFile + `:2:1: format: unknown format "pdf"`},
		{"a variable's jobs", "", map[string]string{"SOCPICK_JOBS": "abc"}, `SOCPICK_JOBS: "abc" is not a number of files`},
		{"the file's jobs", "jobs: -3\n", nil, settingsFile + `:1:1: jobs: "-3" is not a number of files`},
	} {
		for _, args := range [][]string{{"check", "--as-of", "2026-11-22", profile}, {"config"}} {
			code, out, errOut := run(tt.file, tt.env, args...)
			if code != ExitUsage || !strings.Contains(errOut, tt.want) || strings.Contains(errOut, "--f") {
				t.Errorf("%s, %s: exit %d, stderr %q; want 2 and %q", tt.name, args[0], code, errOut, tt.want)
			}
			if args[0] == "config" && !strings.Contains(out, "fail-on") {
				t.Errorf("%s: config does not show the settings:\n%s", tt.name, out)
			}
		}
	}
	for name, file := range map[string]string{
		"a file of comments":               "# format: github\n# fail-on: warning\n\n",
		"comments after a byte-order mark": "\ufeff# format: github\n",
		"an empty file":                    "",
	} {
		code, out, errOut := run(file, nil, "config")
		if code != 0 || !strings.Contains(out, "format   text") {
			t.Errorf("%s: exit %d, %s%s", name, code, out, errOut)
		}
	}
}
