package cli

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/rules"
)

func defaultRuleset(t *testing.T) *engine.Ruleset {
	t.Helper()
	rs, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

var allFlags = map[string]string{
	"services": "saas", "financial_reporting_impact": "no", "sox_customers": "no", "customer_data": "yes",
	"data_types": "personal", "security_reviews": "yes", "availability_commitments": "no",
	"processing_integrity": "no", "public_report": "no", "controls_operating_months": "12",
	"first_examination": "no", "deadline_months": "0", "type2_required": "no", "customer_regions": "us",
	"subservice_providers": "no", "significant_changes": "no",
}

func TestRunAdviseFlagsOverrideTheProfile(t *testing.T) {
	ios, out, _ := TestStreams(`apiVersion: socpick/v1
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
	opts := &adviseOptions{IO: ios, Ruleset: defaultRuleset(t), ProfilePath: "-", Format: "text", FlagAnswers: flags}
	if err := runAdvise(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "stdin-vendor: SOC 1 Type II and SOC 2 Type II\n") {
		t.Errorf("with the profile's financial impact: %q", firstLine(out.String()))
	}

	ios, out, _ = TestStreams(`apiVersion: socpick/v1
kind: VendorProfile
metadata: {name: stdin-vendor}
answers: {financial_reporting_impact: "yes", services: [payroll]}
`)
	flags["financial_reporting_impact"] = "no"
	opts = &adviseOptions{IO: ios, Ruleset: defaultRuleset(t), ProfilePath: "-", Format: "text", FlagAnswers: flags}
	if err := runAdvise(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if got := firstLine(out.String()); got != "stdin-vendor: SOC 2 Type II" {
		t.Errorf("the flag did not override the profile: %q", got)
	}
}

// fakeAsker answers every question it is asked with its default or first
// option and records what was asked.
type fakeAsker struct{ asked []string }

func (f *fakeAsker) Ask(_ context.Context, qs *questionnaire.Questionnaire, a questionnaire.Answers) (questionnaire.Answers, error) {
	for _, q := range qs.Missing(a) {
		f.asked = append(f.asked, q.Key)
		v := q.Default
		if v == nil {
			v, _ = q.ParseFlag(q.Options[0].Value)
		}
		a[q.Key] = v
	}
	return a, nil
}

func TestRunAdviseAsksOnlyOnATerminal(t *testing.T) {
	flags := map[string]string{}
	for k, v := range allFlags {
		if k != "deadline_months" && k != "significant_changes" {
			flags[k] = v
		}
	}
	asker := &fakeAsker{}
	ios, _, _ := TestStreams("")
	opts := &adviseOptions{IO: ios, Ruleset: defaultRuleset(t), Format: "json", FlagAnswers: flags, Asker: asker}
	var missing *missingAnswersError
	if err := runAdvise(context.Background(), opts); !errors.As(err, &missing) || len(asker.asked) > 0 {
		t.Fatalf("without a terminal: err = %v, asked %v; want the missing answers listed and nothing asked", err, asker.asked)
	}
	if got := len(missing.Questions); got != 2 || exitCode(missing) != ExitUsage {
		t.Errorf("missing %d questions (exit %d), want 2 (exit 2)", got, exitCode(missing))
	}

	ios.inTTY, ios.outTTY = true, true
	if err := runAdvise(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if strings.Join(asker.asked, ",") != "deadline_months,significant_changes" {
		t.Errorf("asked %v, want the two unanswered questions in order", asker.asked)
	}

	asker.asked = nil
	opts.NoInput = true
	if err := runAdvise(context.Background(), opts); !errors.As(err, &missing) || len(asker.asked) > 0 {
		t.Errorf("--no-input on a terminal: err = %v, asked %v", err, asker.asked)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
