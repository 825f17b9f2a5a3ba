package prompt_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/prompt"
	"github.com/socpick/socpick/internal/prompt/prompttest"
	"github.com/socpick/socpick/internal/questionnaire"
)

// fixtureDir is the small ruleset written for the tests (see its
// questions.yaml): six questions, one of them (data_types) asked only when
// customer_data is yes.
const fixtureDir = "../../testdata/fixture-rules"

func questions(t *testing.T) *questionnaire.Questionnaire {
	t.Helper()
	qs, err := questionnaire.Load(os.DirFS(fixtureDir))
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
	n := len(want)
	if !strings.Contains(intro.String(), fmt.Sprintf("%d questions", n)) || !strings.Contains(intro.String(), "? for help") || !strings.Contains(intro.String(), "Ctrl-C") {
		t.Errorf("intro = %q, want %d questions", intro.String(), n)
	}
	for i, m := range fake.Asked {
		if progress := fmt.Sprintf("(%d/%d) ", i+1, n); !strings.HasPrefix(m, progress) {
			t.Errorf("message %d = %q, want progress %s", i+1, m, progress)
		}
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
	// Before customer_data is answered data_types is not counted; after,
	// the count includes it.
	n := len(qs.Questions)
	first, last := fake.Asked[0], fake.Asked[len(fake.Asked)-1]
	if len(fake.Asked) != n || !strings.HasPrefix(first, fmt.Sprintf("(1/%d) ", n-1)) || !strings.HasPrefix(last, fmt.Sprintf("(%d/%d) ", n, n)) {
		t.Errorf("asked %d, first %q, last %q: want %d asked, counting data_types once it is asked", len(fake.Asked), first, last, n)
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
	want := map[string]string{"misstate": "unsure", "how many months": "0", "required a Type II": "no", "What does your service do": ""}
	for i, m := range fake.Asked {
		for part, def := range want {
			if strings.Contains(m, part) {
				if fake.Defaults[i] != def {
					t.Errorf("%q: default %q, want %q", m, fake.Defaults[i], def)
				}
				delete(want, part)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("not asked: %v", want)
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
	want := []string{"tick at least one", `"None of these" goes with no other answer: untick it, or untick Personal data`, "not a whole number", "-1 is out of range", "121 is out of range (want a whole number from 0 to 120)"}
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
	fake := &prompttest.Fake{Interrupt: "customers' data"}
	_, err := (&prompt.Asker{Prompter: fake}).Ask(context.Background(), qs, questionnaire.Answers{})
	if !errors.Is(err, prompt.ErrInterrupted) {
		t.Errorf("err = %v, want ErrInterrupted", err)
	}
	if last := fake.Asked[len(fake.Asked)-1]; len(fake.Asked) < 2 || !strings.Contains(last, "customers' data") {
		t.Errorf("asked %q; want the questions up to the interrupted one, and none after", fake.Asked)
	}
}

// The review: answers changed there replace the old ones; a follow-up
// question the change takes away is dropped, one it brings is asked; the
// person confirms to end it.
func TestReviewChangesAnswersAndFollowsUp(t *testing.T) {
	qs := questions(t)
	fake := &prompttest.Fake{Responses: map[string][]string{
		"store, process":           {"yes", "no", "yes"},
		"Which kinds":              {"personal", "health"},
		"Are these answers right?": {"change", "change", "change", "done"},
		"Which answer?":            {"", "customer_data", "customer_data"}, // first: back, changing nothing
	}}
	var screen bytes.Buffer
	got, err := (&prompt.Asker{Prompter: fake, Out: &screen, Review: true, Width: 60}).Ask(context.Background(), qs, questionnaire.Answers{})
	if err != nil {
		t.Fatal(err)
	}
	if got["customer_data"] != "yes" || !reflect.DeepEqual(got["data_types"], []string{"health"}) {
		t.Errorf("answers %v, want customer data yes and the health data asked again", got)
	}
	reviews := strings.Split(screen.String(), "Your answers")[1:]
	if len(reviews) != 4 || !strings.Contains(reviews[0], "(6 questions)") || reviews[1] != reviews[0] || !strings.Contains(reviews[2], "(5 questions)") || strings.Contains(reviews[2], "Which kinds") || !strings.Contains(reviews[3], "→ Health data") {
		t.Errorf("the reviews do not follow the changes:\n%s", screen.String())
	}
	for i, l := range strings.Split(screen.String(), "\n") {
		if len([]rune(l)) > 60 {
			t.Errorf("line %d is wider than 60 columns: %q", i+1, l)
		}
	}
	// The follow-up a change brought back offers the answer it had.
	var kinds []string
	for i, m := range fake.Asked {
		if strings.Contains(m, "Which kinds") {
			kinds = append(kinds, fake.Defaults[i])
		}
	}
	if len(kinds) != 2 || kinds[1] != "personal" {
		t.Errorf("data types asked with defaults %q, want the earlier answer offered again", kinds)
	}
	// The question changed is asked with its answer as the default.
	for i, m := range fake.Asked {
		if m == qs.Lookup("customer_data").Prompt && i > 0 && fake.Defaults[i] == "" {
			t.Errorf("%q asked again without the current answer as default", m)
		}
	}
}

// Without Review (the tests' and scripts' default), nothing more is asked.
func TestNoReviewUnlessAsked(t *testing.T) {
	fake := &prompttest.Fake{}
	if _, err := (&prompt.Asker{Prompter: fake}).Ask(context.Background(), questions(t), questionnaire.Answers{}); err != nil {
		t.Fatal(err)
	}
	for _, m := range fake.Asked {
		if strings.Contains(m, "Are these answers right?") {
			t.Error("reviewed without Review")
		}
	}
}

func TestIntroSaysTheCountInWords(t *testing.T) {
	qs := questions(t)
	var intro bytes.Buffer
	given := questionnaire.Answers{}
	for _, q := range qs.Questions[:len(qs.Questions)-1] {
		if q.Key != "data_types" {
			given[q.Key] = q.Default
		}
	}
	given["services"] = []string{"saas"}
	given["controls_operating_months"] = 3
	given["customer_data"] = "no"
	given["financial_reporting_impact"] = "no"
	if _, err := (&prompt.Asker{Prompter: &prompttest.Fake{}, Out: &intro}).Ask(context.Background(), qs, given); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(intro.String(), " 1 question to answer,") {
		t.Errorf("intro = %q, want 1 question", intro.String())
	}
}
