package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/soc"
)

// diff compares two profiles, or one under two dates or rulesets: what
// changed, the answers that differ, the rules on one side only; exit 1
// when the advice differs, 0 when not, 2 when there is nothing to compare.
func TestDiff(t *testing.T) {
	dir := t.TempDir()
	a, err := os.ReadFile(filepath.Join("..", "..", "testdata", "profiles", "examples", "saas-startup.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	b := strings.Replace(strings.Replace(string(a), `public_report: "no"`, `public_report: "yes"`, 1), "controls_operating_months: 1", "controls_operating_months: 7", 1)
	pa, pb := filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml")
	for p, data := range map[string]string{pa: string(a), pb: b} {
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	ios, out, errOut := bufferStreams("")
	if code := Run([]string{"diff", pa, pb, "--as-of", "2026-11-29", "--format", "json"}, ios); code != ExitFindings {
		t.Fatalf("exit %d, want %d: %s", code, ExitFindings, errOut)
	}
	var doc struct {
		Kind    string
		Changed bool
		Changes []string
		Answers []struct{ Key, A, B string }
		Rules   struct {
			OnlyB []string `json:"only_b"`
		}
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want := []string{"moves the SOC 2 Type II report to 2027-01-31 (from 2027-07-31)", "adds SOC 3"}
	if doc.Kind != soc.KindDiff || !doc.Changed || strings.Join(doc.Changes, "|") != strings.Join(want, "|") {
		t.Errorf("changes %q, want %q", doc.Changes, want)
	}
	if len(doc.Answers) != 2 || doc.Answers[0].Key != "public_report" || doc.Answers[1].A != "1" || doc.Answers[1].B != "7" {
		t.Errorf("answers %+v", doc.Answers)
	}
	if len(doc.Rules.OnlyB) == 0 || doc.Rules.OnlyB[0] != "soc3-public-report" {
		t.Errorf("rules only in B: %v", doc.Rules.OnlyB)
	}

	ios, out, _ = bufferStreams("")
	if code := Run([]string{"diff", pa, pa, "--as-of", "2026-11-29"}, ios); code != 0 || !strings.Contains(out.String(), "The advice is the same.") {
		t.Errorf("the same profile: exit %d:\n%s", code, out)
	}
	ios, out, _ = bufferStreams("")
	if code := Run([]string{"diff", pa, "--as-of-a", "2026-11-29", "--as-of-b", "2027-11-29"}, ios); code != ExitFindings ||
		!strings.Contains(out.String(), "moves the SOC 2 Type II report to 2028-07-31 (from 2027-07-31)") {
		t.Errorf("two dates: exit %d:\n%s", code, out)
	}
	ios, _, errOut = bufferStreams("")
	if code := Run([]string{"diff", pa}, ios); code != ExitUsage || !strings.Contains(errOut.String(), "nothing to compare") {
		t.Errorf("one profile alone: exit %d: %s", code, errOut)
	}
	ios, _, errOut = bufferStreams("")
	if code := Run([]string{"diff", pa, "--rules-b", filepath.Join(dir, "nowhere")}, ios); code != ExitUsage || !strings.Contains(errOut.String(), "--rules-b "+filepath.Join(dir, "nowhere")+": not a directory") {
		t.Errorf("a missing ruleset: exit %d: %s", code, errOut)
	}
}
