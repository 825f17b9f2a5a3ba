package cli

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/rules"
)

// The example companies, as profiles a user can read and run: the advice
// for each, its obligations and the answers it asks to check.
func TestExampleProfiles(t *testing.T) {
	tests := []struct {
		file, summary                  string
		consider, obligations, warning []string
	}{
		{"payroll-processor.yaml", "SOC 1 Type II and SOC 2 Type II", []string{"bridge-letter"}, nil, nil},
		{"loan-servicer.yaml", "SOC 1 Type II and SOC 2 Type II", []string{"readiness-assessment", "bridge-letter", "csae-3416"}, nil, nil},
		{"cloud-provider.yaml", "SOC 2 Type II", []string{"bridge-letter", "pci-dss", "csa-star", "iso-27001", "isae-3000"}, nil, nil},
		{"iaas-sox-auditors.yaml", "SOC 1 Type II and SOC 2 Type II", []string{"bridge-letter", "pci-dss", "csa-star"}, nil, nil},
		{"msp-erp-access.yaml", "SOC 1 Type II and SOC 2 Type II", []string{"readiness-assessment", "bridge-letter", "pci-dss", "iso-27001", "isae-3402", "isae-3000", "aaf-01-20"}, nil, nil},
		{"saas-startup.yaml", "SOC 2 Type II", []string{"readiness-assessment", "bridge-letter", "csa-star"}, nil, nil},
		{"saas-with-billing.yaml", "SOC 1 Type II and SOC 2 Type II", []string{"readiness-assessment", "bridge-letter", "csa-star"}, nil, nil},
		{"healthtech-ehr.yaml", "SOC 1 Type II and SOC 2 Type II", []string{"bridge-letter", "soc2-hipaa", "hitrust"}, []string{"hipaa"}, nil},
		{"healthtech-processor.yaml", "SOC 2 Type II", []string{"readiness-assessment", "bridge-letter", "soc2-hipaa", "hitrust", "csa-star"}, []string{"hipaa"}, nil},
		{"data-center.yaml", "SOC 2 Type II and SOC 3", []string{"bridge-letter", "pci-dss", "iso-27001", "isae-3000", "soc-for-cybersecurity"}, nil, nil},
		{"managed-service-provider.yaml", "SOC 2 Type II", []string{"readiness-assessment", "bridge-letter", "pci-dss"}, nil, nil},
		{"contradictory-answers.yaml", "SOC 2 Type II", []string{"bridge-letter", "csa-star"}, nil, []string{"contradiction", "contradiction", "contradiction"}},
		{"internal-tool.yaml", "No SOC report is indicated", nil, nil, nil},
		{"startup-deadline.yaml", "SOC 2 Type II (Type I first); the deadline of 2027-03-29 cannot be met", []string{"readiness-assessment", "bridge-letter", "csa-star"}, nil, []string{"deadline-unmet"}},
	}
	profiles, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "profiles", "examples", "*.yaml"))
	if len(profiles) != len(tests) {
		t.Errorf("%d example profiles, %d expected here: add the new one", len(profiles), len(tests))
	}
	type item struct {
		ID   string `json:"id"`
		Code string `json:"code"`
	}
	ids := func(items []item) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.ID+it.Code)
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ios, out, errOut := bufferStreams("")
			path := filepath.Join("..", "..", "testdata", "profiles", "examples", tt.file)
			if code := Run([]string{"advise", "--profile", path, "--format", "json", "--as-of", "2026-11-29"}, ios); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var doc struct {
				Summary      string `json:"summary"`
				AlsoConsider []item `json:"also_consider"`
				Obligations  []item `json:"obligations"`
				Warnings     []item `json:"warnings"`
			}
			if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Summary != tt.summary {
				t.Errorf("summary = %q, want %q", doc.Summary, tt.summary)
			}
			if got := ids(doc.AlsoConsider); !slices.Equal(got, tt.consider) {
				t.Errorf("also_consider = %v, want %v", got, tt.consider)
			}
			if got := ids(doc.Obligations); !slices.Equal(got, tt.obligations) {
				t.Errorf("obligations = %v, want %v", got, tt.obligations)
			}
			// An example answers every question: no answer is assumed.
			if got := ids(doc.Warnings); !slices.Equal(got, tt.warning) {
				t.Errorf("warnings = %v, want %v", got, tt.warning)
			}
		})
	}
}

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
		"acme-payroll.yaml":             "fail bridge-letter-needed@[- report: soc1] type2-due@[- report: soc2] missing-criteria@[- report: soc2]",
		"cloud-provider.yaml":           "pass",
		"loan-servicer.yaml":            "fail stale-report@[- report: soc1]",
		"managed-service-provider.yaml": "fail expectation-drift@[- {report: soc2, type: type2, criteria: [security, availability]}]",
		"saas-startup.yaml":             "fail weaker-type@[- report: soc2] expiring-report@[- report: soc2] unneeded-report@[- report: soc3]",
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

// forbidden are names a user does not have: the seed articles' file names,
// the project's own notes. No output may cite them.
var forbidden = regexp.MustCompile(`\d{3}_[0-9a-f]{16}\.txt|(?i)domain\.md|contract\.md|\bcontract section|seeds/|sources\.yaml`)

// Every output of every example profile, in every advice format, names
// only what a user can open: no seed file, no project note; each source it
// cites is listed once with an address; and the texts a person reads are
// plain English about the answers, without answer keys or expressions.
func TestExampleOutputsCiteOnlyWhatUsersCanOpen(t *testing.T) {
	profiles, err := filepath.Glob(filepath.Join("..", "..", "testdata", "profiles", "examples", "*.yaml"))
	if err != nil || len(profiles) < 10 {
		t.Fatalf("%d example profiles (%v)", len(profiles), err)
	}
	vendors, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "vendors", "*.yaml"))
	rs := defaultRuleset(t)
	keys := rs.Questions.Keys()
	for _, path := range append(profiles, vendors...) {
		for _, format := range []string{"text", "markdown", "yaml", "json"} {
			ios, out, errOut := bufferStreams("")
			if code := Run([]string{"advise", "--profile", path, "--format", format, "--no-input", "--as-of", "2026-11-29"}, ios); code != 0 {
				t.Fatalf("%s %s: exit %d: %s", path, format, code, errOut)
			}
			if m := forbidden.FindString(out.String()); m != "" {
				t.Errorf("%s, %s: the output names %q, which users do not have", filepath.Base(path), format, m)
			}
			if format != "json" {
				continue
			}
			var doc struct {
				Reports []struct {
					Reasons []citing `json:"reasons"`
					Interim *citing  `json:"interim"`
				} `json:"reports"`
				Obligations  []citing `json:"obligations"`
				AlsoConsider []citing `json:"also_consider"`
				Warnings     []citing `json:"warnings"`
				Notes        []citing `json:"notes"`
				NextSteps    []citing `json:"next_steps"`
				Estimates    []citing `json:"estimates"`
				Sources      []struct {
					ID, URL, Title, Publisher, Grade string
				} `json:"sources"`
			}
			if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			listed := map[string]bool{}
			for _, s := range doc.Sources {
				if listed[s.ID] || !strings.HasPrefix(s.URL, "http") || s.Title == "" || s.Publisher == "" || s.Grade == "" {
					t.Errorf("%s: source %+v is listed twice or lacks what a reader needs", filepath.Base(path), s)
				}
				listed[s.ID] = true
			}
			var all []citing
			for _, r := range doc.Reports {
				all = append(all, r.Reasons...)
				if r.Interim != nil {
					all = append(all, *r.Interim)
				}
			}
			for _, list := range [][]citing{doc.Obligations, doc.AlsoConsider, doc.Warnings, doc.Notes, doc.NextSteps, doc.Estimates} {
				all = append(all, list...)
			}
			for _, c := range all {
				for _, id := range c.Sources {
					if !listed[id] {
						t.Errorf("%s: %q cites %s, which sources does not list", filepath.Base(path), c.Text, id)
					}
				}
				if strings.Contains(c.Text, "==") || strings.Contains(c.Text, "{{") {
					t.Errorf("%s: %q shows an expression", filepath.Base(path), c.Text)
				}
				for _, k := range keys {
					if strings.Contains(k, "_") && strings.Contains(c.Text, k) {
						t.Errorf("%s: %q names the answer key %s: say it in words", filepath.Base(path), c.Text, k)
					}
				}
			}
		}
	}
}

// citing is any text of the advice with the sources it cites.
type citing struct {
	Text    string   `json:"text"`
	Sources []string `json:"sources"`
}

// The README's plan example is the program's output: each line it shows
// (around its "..." cut) is a line of the advice, in order.
func TestReadmePlanExample(t *testing.T) {
	block := readmeExample(t, "$ socpick advise --as-of 2026-11-29 --profile testdata/profiles/examples/startup-deadline.yaml\n")
	ios, out, errOut := bufferStreams("")
	args := []string{"advise", "--as-of", "2026-11-29", "--profile", filepath.Join("..", "..", "testdata", "profiles", "examples", "startup-deadline.yaml")}
	if code := Run(args, ios); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := strings.Split(out.String(), "\n")
	i := 0
	for _, want := range strings.Split(strings.TrimSuffix(block, "\n"), "\n") {
		if want == "..." {
			continue
		}
		for i < len(got) && got[i] != want {
			i++
		}
		if i == len(got) {
			t.Fatalf("the README shows %q, which the advice does not have (in that order):\n%s", want, out)
		}
	}
}

// advise --what-if lists the answers that would change the advice, as
// flags in text and as what_if in JSON; without the flag there is none.
func TestAdviseWhatIf(t *testing.T) {
	path := filepath.Join("..", "..", "testdata", "profiles", "examples", "saas-startup.yaml")
	ios, out, errOut := bufferStreams("")
	if code := Run([]string{"advise", "--profile", path, "--as-of", "2026-11-29", "--what-if"}, ios); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"What would change the advice",
		"--financial-reporting-impact yes: adds SOC 1 Type II",
		"--controls-operating-months 7-120: moves the SOC 2 Type II report to",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the text lacks %q:\n%s", want, out)
		}
	}
	ios, out, errOut = bufferStreams("")
	if code := Run([]string{"advise", "--profile", path, "--as-of", "2026-11-29", "--what-if", "--format", "json"}, ios); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		WhatIf []struct {
			Answer, Value string
			Changes       []string
		} `json:"what_if"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(doc.WhatIf, func(w struct {
		Answer, Value string
		Changes       []string
	}) bool {
		return w.Answer == "public_report" && w.Value == "yes" && slices.Equal(w.Changes, []string{"adds SOC 3"})
	}) {
		t.Errorf("what_if lacks public_report yes: %+v", doc.WhatIf)
	}
	ios, out, _ = bufferStreams("")
	Run([]string{"advise", "--profile", path, "--as-of", "2026-11-29", "--format", "json"}, ios)
	if strings.Contains(out.String(), "what_if") {
		t.Error("what_if without --what-if")
	}
}

// The README's what-if example is the program's output.
func TestReadmeWhatIfExample(t *testing.T) {
	block := readmeExample(t, "--profile testdata/profiles/examples/saas-startup.yaml --what-if\n...\n")
	ios, out, errOut := bufferStreams("")
	if code := Run([]string{"advise", "--as-of", "2026-11-29", "--profile", filepath.Join("..", "..", "testdata", "profiles", "examples", "saas-startup.yaml"), "--what-if"}, ios); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out.String(), block) {
		t.Errorf("the README shows:\n%s\nthe program prints:\n%s", block, out)
	}
}

// The README's diff example is the program's output.
func TestReadmeDiffExample(t *testing.T) {
	block := readmeExample(t, "$ socpick diff testdata/profiles/examples/saas-startup.yaml testdata/profiles/examples/saas-with-billing.yaml --as-of 2026-11-29\n")
	// From the repository's root, as the README runs it.
	t.Chdir(filepath.Join("..", ".."))
	ios, out, _ := bufferStreams("")
	Run([]string{"diff", "testdata/profiles/examples/saas-startup.yaml", "testdata/profiles/examples/saas-with-billing.yaml", "--as-of", "2026-11-29"}, ios)
	if got := out.String(); got != block {
		t.Errorf("the README shows:\n%s\nthe program prints:\n%s", block, got)
	}
}

// readmeExample returns the output the README shows after the line that
// ends with after, up to the end of its code block.
func readmeExample(t *testing.T, after string) string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), after)
	if !ok {
		t.Fatalf("the README no longer shows the example after %q", after)
	}
	block, _, _ = strings.Cut(block, "```")
	return block
}

// docs/rules.md's worked example states what its commands print on the
// default ruleset: the number of test cases, passing, then with the
// policy's five failing (testdata/script/rules_own.txtar runs it), and
// the rules and questions validate counts.
func TestRulesDocCounts(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	ios, out, errOut := bufferStreams("")
	if code := Run([]string{"rules", "test"}, ios); code != 0 {
		t.Fatalf("rules test: exit %d: %s", code, errOut)
	}
	var cases int
	if _, err := fmt.Sscanf(lastLine(out.String()), "%d passed, 0 failed", &cases); err != nil {
		t.Fatalf("rules test printed %q", lastLine(out.String()))
	}
	rs, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	// The first case the policy fails, at its line (the file is the
	// default's, copied).
	suite, err := fs.ReadFile(rules.FS, "default.test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const failing = "auditors ask a SaaS that has no effect on customers' books, so no SOC 1 and a note"
	before, _, ok := strings.Cut(string(suite), "- name: "+failing+"\n")
	if !ok {
		t.Fatalf("the default suite has no case %q", failing)
	}
	for _, want := range []string{
		fmt.Sprintf("rules test          # %d passed, 0 failed", cases),
		fmt.Sprintf("\n%d passed, 5 failed\n", cases-5),
		fmt.Sprintf("`my-rules: %d rules, %d questions: 0 errors", len(rs.Rules)+1, len(rs.Questions.Questions)),
		fmt.Sprintf(`"rules": %d, "questions": %d,`, len(rs.Rules)+1, len(rs.Questions.Questions)),
		fmt.Sprintf("FAIL  my-rules/default.test.yaml:%d: %s\n", strings.Count(before, "\n")+1, failing),
	} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("docs/rules.md does not say %q", want)
		}
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
