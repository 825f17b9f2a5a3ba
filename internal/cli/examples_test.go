package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The seeds' example companies, as profiles a user can read and run: the
// advice for each is what the seeds and domain.md say.
func TestExampleProfiles(t *testing.T) {
	tests := []struct {
		file, summary string
		consider      []string
	}{
		{"payroll-processor.yaml", "SOC 1 Type II and SOC 2 Type II", []string{"bridge-letter"}},
		{"loan-servicer.yaml", "SOC 1 Type II", []string{"csae-3416", "bridge-letter"}},
		{"cloud-provider.yaml", "SOC 2 Type II", []string{"isae-3000", "iso-27001", "bridge-letter"}},
		{"saas-startup.yaml", "SOC 2 Type I", []string{"bridge-letter"}},
		{"saas-with-billing.yaml", "SOC 1 Type II and SOC 2 Type II", []string{"bridge-letter"}},
		{"healthtech-ehr.yaml", "SOC 1 Type II and SOC 2 Type II", []string{"soc2-hipaa", "bridge-letter"}},
		{"data-center.yaml", "SOC 2 Type II and SOC 3 Type II", []string{"isae-3000", "iso-27001", "bridge-letter"}},
		{"managed-service-provider.yaml", "SOC 2 Type II", []string{"bridge-letter"}},
		{"internal-tool.yaml", "No SOC report is indicated", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ios, out, errOut := bufferStreams("")
			path := filepath.Join("..", "..", "testdata", "profiles", "examples", tt.file)
			if code := Run([]string{"advise", "--profile", path, "--format", "json"}, ios); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var doc struct {
				Summary      string `json:"summary"`
				AlsoConsider []struct {
					ID string `json:"id"`
				} `json:"also_consider"`
			}
			if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Summary != tt.summary {
				t.Errorf("summary = %q, want %q", doc.Summary, tt.summary)
			}
			var ids []string
			for _, c := range doc.AlsoConsider {
				ids = append(ids, c.ID)
			}
			if !slices.Equal(ids, tt.consider) {
				t.Errorf("also_consider = %v, want %v", ids, tt.consider)
			}
		})
	}
}

// The example inventory under testdata/vendors, which the README checks:
// one profile for each kind of outcome.
func TestExampleInventory(t *testing.T) {
	ios, out, errOut := bufferStreams("")
	dir := filepath.Join("..", "..", "testdata", "vendors")
	if code := Run([]string{"check", dir, "--as-of", "2026-11-22", "--format", "json"}, ios); code != ExitFindings {
		t.Fatalf("exit %d, want %d: %s", code, ExitFindings, errOut)
	}
	var doc struct {
		Results []struct {
			File     string `json:"file"`
			Status   string `json:"status"`
			Findings []struct {
				Code string `json:"code"`
				Line int    `json:"line"`
			} `json:"findings"`
		} `json:"results"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	// Each finding is named with the line it points at, as its text, so
	// that an answer added to the profiles moves no expectation.
	want := map[string]string{
		"acme-payroll.yaml":             "fail bridge-letter-needed@[- report: soc1] weaker-type@[- report: soc2] missing-criteria@[- report: soc2]",
		"cloud-provider.yaml":           "pass",
		"loan-servicer.yaml":            "fail stale-report@[- report: soc1]",
		"managed-service-provider.yaml": "fail expectation-drift@[- {report: soc2, type: type2, criteria: [security, availability]}]",
		"saas-startup.yaml":             "pass expiring-report@[- report: soc2] unneeded-report@[- report: soc3]",
	}
	if len(doc.Results) != len(want) {
		t.Errorf("%d results, want %d", len(doc.Results), len(want))
	}
	for _, r := range doc.Results {
		data, err := os.ReadFile(r.File)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		got := r.Status
		for _, f := range r.Findings {
			at := fmt.Sprintf("line %d", f.Line)
			if f.Line >= 1 && f.Line <= len(lines) {
				at = strings.TrimSpace(lines[f.Line-1])
			}
			got += fmt.Sprintf(" %s@[%s]", f.Code, at)
		}
		if name := filepath.Base(r.File); got != want[name] {
			t.Errorf("%s: got %q, want %q", name, got, want[name])
		}
	}
}
