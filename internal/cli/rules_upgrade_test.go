package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func upgrade(t *testing.T, dir string) (stdout, stderr string, code int) {
	t.Helper()
	ios, out, errOut := bufferStreams("")
	err := runRulesUpgrade(&rulesUpgradeOptions{IO: ios, Dir: dir, Format: "text"})
	if err != nil && exitCode(err) == ExitUsage {
		errOut.WriteString(err.Error())
	}
	return out.String(), errOut.String(), exitCode(err)
}

// TestRulesUpgrade: a fresh export is the default (exit 0, no diff); an
// edited copy shows each difference as a unified diff, files only on one
// side against /dev/null, with exit 1; what cannot be compared is exit 2.
func TestRulesUpgrade(t *testing.T) {
	dir := t.TempDir()
	if _, err := export(t, dir, 1); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := upgrade(t, dir)
	if code != ExitOK || out != "" || !strings.Contains(errOut, "is the same as the default ruleset of socpick") {
		t.Fatalf("a fresh export: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	q := filepath.Join(dir, "questions.yaml")
	data, err := os.ReadFile(q)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "kind: Questionnaire\n", "kind: Questionnaire\n# ours\n", 1)
	if edited == string(data) {
		t.Fatal("questions.yaml has no kind line to edit after")
	}
	for name, text := range map[string]string{"questions.yaml": edited, "60-policy.rules.yaml": "ours\n", "socpick-tests.schema.json": "{}\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(filepath.Join(dir, "sources.yaml")); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = upgrade(t, dir)
	if code != ExitFindings {
		t.Errorf("an edited copy: exit %d, want 1", code)
	}
	for _, want := range []string{
		"--- " + q + "\n+++ default/questions.yaml\n@@ -",
		"\n-# ours\n",
		"--- " + filepath.Join(dir, "60-policy.rules.yaml") + "\n+++ /dev/null\n@@ -1 +0,0 @@\n-ours\n",
		"--- /dev/null\n+++ default/sources.yaml\n@@ -0,0 +1,",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the diff lacks %q:\n%.2000s", want, out)
		}
	}
	if strings.Contains(out, "schema.json") {
		t.Error("a file that is not a ruleset's YAML is compared")
	}
	if want := "in 3 files (1 changed, 1 only in " + dir + ", 1 only in the default); review the diff, merge by hand"; !strings.Contains(errOut, want) {
		t.Errorf("stderr %q lacks %q", errOut, want)
	}

	for _, tt := range []struct{ name, dir, want string }{
		{"no such directory", filepath.Join(dir, "nope"), "nope: no such directory"},
		{"a file", q, "questions.yaml: not a directory"},
	} {
		if _, errOut, code := upgrade(t, tt.dir); code != ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", tt.name, code, errOut, tt.want)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "in-the-way.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := upgrade(t, dir); code != ExitUsage || !strings.Contains(errOut, "in-the-way.yaml: not a regular file (a directory)") {
		t.Errorf("a directory named like a YAML file: exit %d, stderr %q", code, errOut)
	}
	if err := os.Remove(filepath.Join(dir, "in-the-way.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(q, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := os.ReadFile(q); err == nil {
		t.Skip("files without permissions are readable here (root?)")
	}
	if _, errOut, code := upgrade(t, dir); code != ExitUsage || !strings.Contains(errOut, "questions.yaml: permission denied") {
		t.Errorf("an unreadable file: exit %d, stderr %q", code, errOut)
	}
}
