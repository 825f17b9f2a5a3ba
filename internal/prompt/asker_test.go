package prompt_test

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/prompt"
	"github.com/socpick/socpick/internal/prompt/prompttest"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/rules"
)

func questions(t *testing.T) *questionnaire.Questionnaire {
	t.Helper()
	qs, err := questionnaire.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// prompts strips the "(n/N) " progress from the messages asked.
func prompts(asked []string) []string {
	out := make([]string, len(asked))
	for i, m := range asked {
		_, out[i], _ = strings.Cut(m, ") ")
	}
	return out
}

func TestAskInOrderSkippingWhatIsNotAsked(t *testing.T) {
	qs := questions(t)
	fake := &prompttest.Fake{Responses: map[string][]string{"store, process or transmit": {"no"}}}
	var intro bytes.Buffer
	a := &prompt.Asker{Prompter: fake, Out: &intro}
	got, err := a.Ask(context.Background(), qs, questionnaire.Answers{})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, q := range qs.Questions {
		if q.Key != "data_types" {
			want = append(want, q.Prompt)
		}
	}
	if !reflect.DeepEqual(prompts(fake.Asked), want) {
		t.Errorf("asked:\n%s\nwant:\n%s", strings.Join(prompts(fake.Asked), "\n"), strings.Join(want, "\n"))
	}
	if _, ok := got["data_types"]; ok {
		t.Error("data_types answered though customer_data is no")
	}
	if len(got) != len(qs.Questions)-1 {
		t.Errorf("%d answers, want %d", len(got), len(qs.Questions)-1)
	}
	if !strings.Contains(intro.String(), "15 questions") || !strings.Contains(intro.String(), "? for help") || !strings.Contains(intro.String(), "Ctrl-C") {
		t.Errorf("intro = %q", intro.String())
	}
	if fake.Asked[0] != "(1/15) "+qs.Questions[0].Prompt {
		t.Errorf("first message = %q, want progress (1/15)", fake.Asked[0])
	}
}

func TestAskFollowsAskIfAndCountsIt(t *testing.T) {
	qs := questions(t)
	fake := &prompttest.Fake{Responses: map[string][]string{
		"store, process or transmit": {"yes"},
		"Which kinds":                {"health,personal"},
	}}
	got, err := (&prompt.Asker{Prompter: fake}).Ask(context.Background(), qs, questionnaire.Answers{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got["data_types"], []string{"personal", "health"}) {
		t.Errorf("data_types = %v, want [personal health] in the options' order", got["data_types"])
	}
	last := fake.Asked[len(fake.Asked)-1]
	if !strings.HasPrefix(last, "(16/16) ") {
		t.Errorf("last message %q: the count does not include data_types", last)
	}
}

func TestPreAnsweredAreNotAskedUnlessAskAll(t *testing.T) {
	qs := questions(t)
	given := questionnaire.Answers{"services": []string{"saas"}, "controls_operating_months": 7, "customer_data": "no"}
	fake := &prompttest.Fake{}
	got, err := (&prompt.Asker{Prompter: fake}).Ask(context.Background(), qs, given)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range fake.Asked {
		if strings.Contains(m, "What does your service do") || strings.Contains(m, "how many months have your controls") {
			t.Errorf("asked %q, which was answered", m)
		}
	}
	if got["controls_operating_months"] != 7 || len(given) != 3 {
		t.Errorf("given answers changed: %v / %v", got["controls_operating_months"], given)
	}

	fake = &prompttest.Fake{}
	if _, err := (&prompt.Asker{Prompter: fake, AskAll: true}).Ask(context.Background(), qs, given); err != nil {
		t.Fatal(err)
	}
	if len(fake.Asked) != len(qs.Questions)-1 || fake.Defaults[0] != "saas" {
		t.Errorf("--ask-all asked %d questions, first default %q; want all but data_types, with the given answers as defaults", len(fake.Asked), fake.Defaults[0])
	}
	for i, m := range fake.Asked {
		if strings.Contains(m, "how many months have your controls") && fake.Defaults[i] != "7" {
			t.Errorf("default for controls_operating_months = %q, want 7", fake.Defaults[i])
		}
	}
}

func TestDefaultsComeFromTheQuestionsFile(t *testing.T) {
	qs := questions(t)
	fake := &prompttest.Fake{}
	if _, err := (&prompt.Asker{Prompter: fake}).Ask(context.Background(), qs, questionnaire.Answers{"customer_data": "no"}); err != nil {
		t.Fatal(err)
	}
	for i, m := range fake.Asked {
		if strings.Contains(m, "misstate") && fake.Defaults[i] != "unsure" {
			t.Errorf("financial_reporting_impact default = %q, want unsure", fake.Defaults[i])
		}
		if strings.Contains(m, "How many months") && fake.Defaults[i] != "0" {
			t.Errorf("controls default = %q, want 0", fake.Defaults[i])
		}
	}
}

func TestBadAnswersAreAskedAgain(t *testing.T) {
	qs := questions(t)
	fake := &prompttest.Fake{Responses: map[string][]string{
		"controls been in place": {"twelve", "-1", "121", "12"},
		"What does your service": {"", "saas"},
		"store, process":         {"yes"},
		"Which kinds":            {"none,personal", "personal"},
	}}
	got, err := (&prompt.Asker{Prompter: fake}).Ask(context.Background(), qs, questionnaire.Answers{})
	if err != nil {
		t.Fatal(err)
	}
	if got["controls_operating_months"] != 12 {
		t.Errorf("controls_operating_months = %v, want 12", got["controls_operating_months"])
	}
	want := []string{"choose at least one", "cannot be combined", "not a whole number", "-1 is out of range", "121 is out of range (want a whole number from 0 to 120)"}
	if len(fake.Rejected) != len(want) {
		t.Fatalf("rejected %q, want %d rejections", fake.Rejected, len(want))
	}
	for i, w := range want {
		if !strings.Contains(fake.Rejected[i], w) {
			t.Errorf("rejection %d = %q, want it to say %q", i, fake.Rejected[i], w)
		}
	}
}

func TestInterruptStops(t *testing.T) {
	qs := questions(t)
	fake := &prompttest.Fake{Interrupt: "SOC examination"}
	_, err := (&prompt.Asker{Prompter: fake}).Ask(context.Background(), qs, questionnaire.Answers{})
	if !errors.Is(err, prompt.ErrInterrupted) {
		t.Errorf("err = %v, want ErrInterrupted", err)
	}
}
