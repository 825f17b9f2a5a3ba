package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/prompt/prompttest"
)

// allFlags answers every question of the fixture ruleset: a SaaS with
// personal data and a year of controls, which needs a SOC 2 Type II.
var allFlags = map[string]string{
	"services": "saas", "financial_reporting_impact": "no", "customer_data": "yes",
	"data_types": "personal", "controls_operating_months": "12", "type2_required": "no",
}

func TestRunAdviseFlagsOverrideTheProfile(t *testing.T) {
	ios, out, _ := bufferStreams(`apiVersion: socpick/v1
kind: VendorProfile
metadata: {name: stdin-vendor}
answers: {financial_reporting_impact: "yes", services: [payroll]}
`)
	flags := map[string]string{}
	for k, v := range allFlags {
		if k != "financial_reporting_impact" && k != "services" {
			flags[k] = v
		}
	}
	opts := &adviseOptions{IO: ios, Ruleset: fixtureRuleset(t), ProfilePath: "-", Format: "text", FlagAnswers: flags}
	if err := runAdvise(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "stdin-vendor: SOC 1 Type II and SOC 2 Type II\n") {
		t.Errorf("with the profile's financial impact: %q", firstLine(out.String()))
	}

	ios, out, _ = bufferStreams(`apiVersion: socpick/v1
kind: VendorProfile
metadata: {name: stdin-vendor}
answers: {financial_reporting_impact: "yes", services: [payroll]}
`)
	flags["financial_reporting_impact"] = "no"
	opts = &adviseOptions{IO: ios, Ruleset: fixtureRuleset(t), ProfilePath: "-", Format: "text", FlagAnswers: flags}
	if err := runAdvise(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if got := firstLine(out.String()); got != "stdin-vendor: SOC 2 Type II" {
		t.Errorf("the flag did not override the profile: %q", got)
	}
}

func TestRunAdviseAsksOnlyOnATerminal(t *testing.T) {
	flags := map[string]string{}
	for k, v := range allFlags {
		if k != "controls_operating_months" && k != "type2_required" {
			flags[k] = v
		}
	}
	fake := &prompttest.Fake{Responses: map[string][]string{"Save these answers": {"n"}}}
	ios, _, _ := bufferStreams("")
	ios.prompter = fake
	opts := &adviseOptions{IO: ios, Ruleset: fixtureRuleset(t), Format: "json", FlagAnswers: flags}
	var missing *missingAnswersError
	if err := runAdvise(context.Background(), opts); !errors.As(err, &missing) || len(fake.Asked) > 0 {
		t.Fatalf("without a terminal: err = %v, asked %v; want the missing answers listed and nothing asked", err, fake.Asked)
	}
	if got := len(missing.Questions); got != 2 || exitCode(missing) != ExitUsage {
		t.Errorf("missing %d questions (exit %d), want 2 (exit 2)", got, exitCode(missing))
	}

	ios.inTTY, ios.outTTY = true, true
	if err := runAdvise(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	want := []string{"(1/2) For how many months", "(2/2) Has a customer or contract required", "Are these answers right?", "Save these answers"}
	if len(fake.Asked) != len(want) {
		t.Fatalf("asked %q, want %d questions", fake.Asked, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(fake.Asked[i], w) {
			t.Errorf("question %d = %q, want %q...", i+1, fake.Asked[i], w)
		}
	}

	fake.Asked = nil
	opts.NoInput = true
	if err := runAdvise(context.Background(), opts); !errors.As(err, &missing) || len(fake.Asked) > 0 {
		t.Errorf("--no-input on a terminal: err = %v, asked %v", err, fake.Asked)
	}
}

func TestInterruptedIsCancelled(t *testing.T) {
	ios, out, _ := bufferStreams("")
	ios.inTTY, ios.outTTY = true, true
	ios.prompter = &prompttest.Fake{Interrupt: "misstate"}
	path := filepath.Join(t.TempDir(), "p.yaml")
	err := runAdvise(context.Background(), &adviseOptions{IO: ios, Ruleset: fixtureRuleset(t), Format: "text", SavePath: path})
	if !errors.Is(err, ErrCancelled) || exitCode(err) != ExitCancelled {
		t.Errorf("err = %v (exit %d), want cancelled (exit 130)", err, exitCode(err))
	}
	if _, statErr := os.Stat(path); statErr == nil {
		t.Error("a file was written though the user cancelled")
	}
	if strings.Contains(out.String(), "SOC 2") {
		t.Error("advice printed though the user cancelled")
	}
}

func TestSavedProfileGivesTheSameAdvice(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "acme.yaml")
	ios, out, errOut := bufferStreams("")
	ios.inTTY, ios.outTTY = true, true
	ios.prompter = &prompttest.Fake{Responses: map[string][]string{"Vendor name": {"Bad Name", "acme"}}}
	opts := &adviseOptions{IO: ios, Ruleset: fixtureRuleset(t), Format: "json", SavePath: path}
	if err := runAdvise(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	interactive := strings.TrimPrefix(out.String(), out.String()[:strings.Index(out.String(), "{")])
	if !strings.Contains(errOut.String(), "saved the answers to "+path) {
		t.Errorf("stderr = %q", errOut.String())
	}

	ios2, out2, _ := bufferStreams("")
	if err := runAdvise(context.Background(), &adviseOptions{IO: ios2, Ruleset: fixtureRuleset(t), Format: "json", ProfilePath: path}); err != nil {
		t.Fatal(err)
	}
	if out2.String() != interactive {
		t.Errorf("advice from the saved profile differs:\n%s\nvs interactive:\n%s", out2.String(), interactive)
	}

	// The file is not overwritten without --force, and is with it.
	opts.IO, _, _ = bufferStreams("")
	opts.IO.inTTY, opts.IO.outTTY = true, true
	opts.IO.prompter = &prompttest.Fake{}
	opts.Name = "acme"
	err := runAdvise(context.Background(), opts)
	if !errors.Is(err, profile.ErrExists) || exitCode(err) != ExitUsage {
		t.Errorf("second save: err = %v, want the file to exist (exit 2)", err)
	}
	opts.Force = true
	if err := runAdvise(context.Background(), opts); err != nil {
		t.Errorf("--force: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d files, want only acme.yaml (no temporary files left)", len(entries))
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// A profile whose customers' date has passed saves with no deadline, as
// of today, and says so: the advice's has-passed warning does not come
// again from the saved file. One still ahead is saved in whole months,
// and where that puts it is said too.
func TestSaveOfAPassedDeadlineSaysSo(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "profiles", "acme-payroll.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "metadata:\n", "metadata:\n  answered_on: 2025-11-29\n", 1)
	text = regexp.MustCompile(`(?m)^  deadline_months: .*$`).ReplaceAllString(text, "  deadline_months: 6")
	dir := t.TempDir()
	old, saved := filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml")
	if err := os.WriteFile(old, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	ios, out, errOut := bufferStreams("")
	if code := Run([]string{"advise", "--profile", old, "--as-of", "2026-11-29", "--save", saved}, ios); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(strings.Join(strings.Fields(out.String()), " "), "the deadline of 2026-05-29 has passed") {
		t.Errorf("the advice does not say the deadline has passed:\n%s", out)
	}
	if want := "the customers' date, 2026-05-29, had passed, so the saved answers have no deadline (deadline_months: 0)"; !strings.Contains(errOut.String(), want) {
		t.Errorf("stderr %q does not say %q", errOut, want)
	}
	if got, _ := os.ReadFile(saved); !strings.Contains(string(got), "deadline_months: 0") {
		t.Errorf("saved:\n%s", got)
	}

	// A date still ahead, saved in whole months from today, moves: said.
	if err := os.WriteFile(old, []byte(strings.Replace(text, "answered_on: 2025-11-29", "answered_on: 2026-06-15", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	ios, _, errOut = bufferStreams("")
	if code := Run([]string{"advise", "--profile", old, "--as-of", "2026-11-29", "--save", saved, "--force"}, ios); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "the customers' date, 2026-12-15, is saved in whole months, as deadline_months: 1 from 2026-11-29: 2026-12-29 from now on"; !strings.Contains(errOut.String(), want) {
		t.Errorf("stderr %q does not say %q", errOut, want)
	}
}
