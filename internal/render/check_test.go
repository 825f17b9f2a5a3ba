package render_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/render"
	"github.com/socpick/socpick/internal/strictyaml"
)

// checkResults are one profile of each status, as the runner makes them.
func checkResults(t *testing.T) (render.CheckRun, []*check.Result, check.Summary) {
	a := acmeAdvice(t)
	run := render.CheckRun{Options: check.Options{AsOf: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), FailOn: check.Error}, Catalog: a.Catalog, Tool: render.Tool{Name: "socpick", Version: "v1.2.3", RulesetDigest: "sha256:0123456789abcdef"}}
	results := []*check.Result{
		{File: "vendors/acme.yaml", Profile: "acme-payroll", Status: check.Fail, Decision: a.Decision, Findings: []check.Finding{
			{Code: check.MissingReport, Severity: check.Error, Report: "soc2", Message: "SOC 2 Type II is recommended and no SOC 2 is held", Line: 20, Column: 1},
			{Code: check.BridgeLetterNeeded, Severity: check.Warning, Report: "soc1", Message: "the held SOC 1 Type II period ended 2026-06-30 | more than 3 months ago", Line: 21, Column: 5},
		}},
		{File: "vendors/bad.yaml", Status: check.Errored, Findings: []check.Finding{
			{Code: check.InvalidProfile, Severity: check.Error, Message: "metadata.name: \"Bad\" must be lower-case\n7:3: answers: unknown key \"x\"", Line: 4, Column: 9,
				Also: []strictyaml.Problem{{Pos: strictyaml.Pos{Line: 7, Column: 3}, Msg: "answers: unknown key \"x\""}}},
		}},
		{File: "vendors/beta.yaml", Profile: "beta", Status: check.Pass, Decision: a.Decision, Findings: []check.Finding{
			{Code: check.UnneededReport, Severity: check.Info, Report: "soc3", Message: "SOC 3 Type II is held but not recommended for these answers", Line: 25, Column: 5},
		}},
		{File: "vendors/gamma.yaml", Profile: "gamma", Status: check.Pass, Decision: a.Decision, Findings: []check.Finding{}},
	}
	var sum check.Summary
	for _, r := range results {
		sum.Add(r)
	}
	return run, results, sum
}

func renderCheck(t *testing.T, format string, run render.CheckRun, color bool) string {
	t.Helper()
	_, results, sum := checkResults(t)
	r, err := render.NewCheck(format, run, render.Options{Color: color})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Begin(&buf); err != nil {
		t.Fatal(err)
	}
	for _, res := range results {
		if err := r.Result(&buf, res); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.End(&buf, sum); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestCheckGolden(t *testing.T) {
	run, _, _ := checkResults(t)
	for _, tc := range []struct {
		format, file string
		color        bool
	}{
		{"text", "check.txt", false},
		{"text", "check.color.txt", true},
		{"json", "check.json", false},
		{"junit", "check.junit.xml", false},
		{"sarif", "check.sarif.json", false},
		{"github", "check.github.txt", false},
		{"markdown", "check.md", false},
	} {
		golden(t, tc.file, []byte(renderCheck(t, tc.format, run, tc.color)))
	}
}

// The JSON is streamed a result at a time; it must be the one document of
// contract section 5, as an encoder would write it whole.
func TestCheckJSONIsOneDocument(t *testing.T) {
	run, results, sum := checkResults(t)
	got := renderCheck(t, "json", run, false)

	doc := map[string]any{}
	if err := json.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, got)
	}
	for _, key := range []string{"apiVersion", "kind", "as_of", "results", "summary"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("no %q key", key)
		}
	}

	// The document of contract section 5, for encoding/json to write
	// whole.
	type result struct {
		File           string                 `json:"file"`
		Profile        string                 `json:"profile"`
		Status         check.Status           `json:"status"`
		Recommendation *render.Recommendation `json:"recommendation"`
		Findings       []check.Finding        `json:"findings"`
	}
	whole := struct {
		APIVersion string        `json:"apiVersion"`
		Kind       string        `json:"kind"`
		AsOf       string        `json:"as_of"`
		Tool       render.Tool   `json:"tool"`
		Results    []result      `json:"results"`
		Summary    check.Summary `json:"summary"`
	}{"socpick/v1", "CheckResult", "2026-11-22", run.Tool, nil, sum}
	for _, r := range results {
		res := result{File: r.File, Profile: r.Profile, Status: r.Status, Findings: r.Findings}
		if res.Findings == nil {
			res.Findings = []check.Finding{}
		}
		if r.Decision != nil {
			rec := render.NewRecommendation(render.Advice{Profile: r.Profile, Decision: r.Decision})
			res.Recommendation = &rec
		}
		whole.Results = append(whole.Results, res)
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(whole); err != nil {
		t.Fatal(err)
	}
	if got != want.String() {
		t.Errorf("streamed JSON differs from the whole document:\n%s\nwant:\n%s", got, want.String())
	}

	// No results at all is still a document, with an empty list.
	r, _ := render.NewCheck("json", run, render.Options{})
	var buf bytes.Buffer
	_ = r.Begin(&buf)
	_ = r.End(&buf, check.Summary{})
	var empty struct{ Results []any }
	if err := json.Unmarshal(buf.Bytes(), &empty); err != nil || empty.Results == nil {
		t.Errorf("empty run: %v, results %v\n%s", err, empty.Results, buf.String())
	}
}

func TestCheckQuiet(t *testing.T) {
	run, _, _ := checkResults(t)
	run.Quiet = true
	for _, format := range render.CheckOutput.Formats() {
		if format == "junit" || format == "sarif" {
			continue // report files list every profile, always: see TestJUnitIgnoresQuiet
		}
		got := renderCheck(t, format, run, false)
		for _, hidden := range []string{"vendors/beta.yaml", "vendors/gamma.yaml", "bridge-letter-needed"} {
			if strings.Contains(got, hidden) {
				t.Errorf("%s --quiet shows %s (a pass, or a finding below --fail-on):\n%s", format, hidden, got)
			}
		}
		for _, shown := range []string{"vendors/acme.yaml", "missing-report", "vendors/bad.yaml"} {
			if !strings.Contains(got, shown) {
				t.Errorf("%s --quiet hides %s:\n%s", format, shown, got)
			}
		}
	}
}

func TestUnknownCheckFormat(t *testing.T) {
	if _, err := render.NewCheck("yaml", render.CheckRun{}, render.Options{}); err == nil || err.Error() != `unknown format "yaml" (want text, json, junit, sarif, github, markdown)` {
		t.Errorf("got %v, want the formats named", err)
	}
}

func TestJUnitIgnoresQuiet(t *testing.T) {
	run, _, _ := checkResults(t)
	loud := renderCheck(t, "junit", run, false)
	run.Quiet = true
	if quiet := renderCheck(t, "junit", run, false); quiet != loud {
		t.Errorf("--quiet changed the JUnit report:\n%s", quiet)
	}
}

func TestQuietAndAllPassedIsSilent(t *testing.T) {
	run, results, _ := checkResults(t)
	run.Quiet = true
	pass := results[3]
	for _, format := range []string{"text", "github", "markdown"} {
		r, _ := render.NewCheck(format, run, render.Options{})
		var buf bytes.Buffer
		_ = r.Begin(&buf)
		_ = r.Result(&buf, pass)
		_ = r.End(&buf, check.Summary{Files: 1, Passed: 1})
		if buf.Len() > 0 {
			t.Errorf("%s: a quiet run where everything passed wrote %q", format, buf.String())
		}
	}
}

func TestGitHubStdin(t *testing.T) {
	run, _, _ := checkResults(t)
	r, _ := render.NewCheck("github", run, render.Options{})
	var buf bytes.Buffer
	_ = r.Result(&buf, &check.Result{File: check.StdinName, Status: check.Fail, Findings: []check.Finding{
		{Code: check.MissingReport, Severity: check.Error, Message: "m", Line: 3, Column: 1}}})
	if !strings.Contains(buf.String(), "\n::error title=missing-report::<stdin>:3:1: m\n") {
		t.Errorf("standard input has no file for an annotation to land on; got %q", buf.String())
	}
}

// A waived finding never fails, even at --fail-on info: --quiet leaves it
// out, and JUnit writes no failure for it.
func TestWaivedNeverFailsInReports(t *testing.T) {
	run, results, _ := checkResults(t)
	run.FailOn = check.Info
	waived := &check.Result{File: "vendors/waived.yaml", Profile: "waived", Status: check.Fail, Decision: results[0].Decision, Findings: []check.Finding{{
		Code: check.Waived, Severity: check.Info, Report: "soc2", Line: 30, Column: 5,
		Message: "missing-report (waived until 2027-01-31: fieldwork booked): SOC 2 Type II is recommended and no SOC 2 is held",
		Waiver:  &check.AppliedWaiver{Code: check.MissingReport, Reason: "fieldwork booked", Expires: "2027-01-31"},
	}, {
		Code: check.BridgeLetterNeeded, Severity: check.Warning, Report: "soc1", Line: 21, Column: 5,
		Message: "the held SOC 1 Type II period ended 2026-06-30, more than 3 months ago",
	}}}
	write := func(format string, quiet bool) string {
		run := run
		run.Quiet = quiet
		r, err := render.NewCheck(format, run, render.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := r.Begin(&buf); err != nil {
			t.Fatal(err)
		}
		if err := r.Result(&buf, waived); err != nil {
			t.Fatal(err)
		}
		if err := r.End(&buf, check.Summary{Files: 1, Failed: 1, Waived: 1}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	if got := write("text", true); strings.Contains(got, "info waived") || !strings.Contains(got, "bridge-letter-needed") {
		t.Errorf("--quiet --fail-on info shows the waived finding as failing, or hides the failing one:\n%s", got)
	}
	got := write("junit", false)
	if strings.Contains(got, `type="waived"`) || !strings.Contains(got, `type="bridge-letter-needed"`) || !strings.Contains(got, "waived: missing-report") {
		t.Errorf("JUnit: the waived finding is the failure, or missing from the output:\n%s", got)
	}
}
