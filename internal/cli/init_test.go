package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// filled is the template with an answer for every question, the
// follow-up questions uncommented, and the held report example in force.
func filled(t *testing.T, template string, answers map[string]string) string {
	t.Helper()
	entry := regexp.MustCompile(`^  (?:# )?([a-z0-9_]+):.*$`)
	var out []string
	seen := map[string]bool{}
	held := false
	for _, l := range strings.Split(template, "\n") {
		held = held || l == "# held:"
		if m := entry.FindStringSubmatch(l); m != nil {
			if v, ok := answers[m[1]]; ok {
				l = "  " + m[1] + ": " + v
				seen[m[1]] = true
			}
		}
		if rest, ok := strings.CutPrefix(l, "# "); ok && held {
			l = rest // the held example
		}
		out = append(out, l)
	}
	for k := range answers {
		if !seen[k] {
			t.Fatalf("the template has no %s", k)
		}
	}
	return strings.Join(out, "\n")
}

// TestInitFilledInPassesCheck: socpick init writes a valid profile (exit 0,
// every question in it), and the same file filled in passes check.
func TestInitFilledInPassesCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "acme-saas.yaml")
	ios, _, errOut := bufferStreams("")
	if _, code := execute(t, ios, "init", path); code != ExitOK || !strings.Contains(errOut.String(), "wrote "+path) {
		t.Fatalf("init: exit %d, stderr %q", code, errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	template := string(data)
	for _, want := range []string{"  name: acme-saas\n", "  answered_on: ", "  customer_data:", "  # data_types: []", "Asked only when", "One of: yes (Yes), no (No)"} {
		if !strings.Contains(template, want) {
			t.Errorf("the template has no %q:\n%s", want, template)
		}
	}
	// Written again: refused without --force, replaced with it.
	if _, code := execute(t, ios, "init", path); code != ExitUsage {
		t.Errorf("init over an existing file: exit %d, want 2", code)
	}
	if _, code := execute(t, ios, "init", "--force", path); code != ExitOK {
		t.Errorf("init --force: exit %d", code)
	}

	answers := map[string]string{
		"customer_requests": "[soc2]", "services": "[SaaS]", "financial_reporting_impact": `"no"`,
		"financial_systems": `"no"`, "sox_customers": `"no"`, "customer_data": "Yes", "data_types": "[personal]",
		"personal_data_role": "processor", "security_reviews": `"yes"`, "availability_commitments": `"no"`,
		"processing_integrity": `"no"`, "public_report": `"no"`, "controls_operating_months": "14",
		"first_examination": `"no"`, "deadline_months": "0", "type2_required": `"yes"`, "customer_regions": "[us]",
		"subservice_providers": `"yes"`, "significant_changes": `"no"`,
	}
	if err := os.WriteFile(path, []byte(filled(t, template, answers)), 0o644); err != nil {
		t.Fatal(err)
	}
	ios, out, errOut := bufferStreams("")
	if _, code := execute(t, ios, "check", path, "--as-of", "2026-11-29"); code != ExitOK {
		t.Fatalf("check of the filled-in template: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out.String(), "PASS") {
		t.Errorf("check:\n%s", out)
	}
}

// socpick questions --format yaml prints what init writes.
func TestQuestionsYAMLIsTheInitTemplate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "vendor.yaml")
	ios, _, _ := bufferStreams("")
	if _, code := execute(t, ios, "init", path); code != ExitOK {
		t.Fatal(code)
	}
	written, _ := os.ReadFile(path)
	ios, out, _ := bufferStreams("")
	if _, code := execute(t, ios, "questions", "--format", "yaml"); code != ExitOK || out.String() != string(written) {
		t.Errorf("questions --format yaml (exit %d) differs from init's file:\n%s\n---\n%s", code, out, written)
	}
}

func TestInitRefusesStandardOutput(t *testing.T) {
	ios, _, errOut := bufferStreams("")
	if _, code := execute(t, ios, "init", "-"); code != ExitUsage || !strings.Contains(errOut.String(), "questions --format yaml") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
