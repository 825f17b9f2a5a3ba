package questionnaire_test

import (
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/strictyaml"
)

// A bad value is echoed as a short, escaped prefix: a flag or a file may
// hold a secret or terminal control sequences.
func TestValueErrorsEchoAShortPrefix(t *testing.T) {
	qs := load(t)
	long := "ghp_0123456789abcdefghijklmnopqrstuvwxyz"
	for _, tt := range []struct{ key, in, want string }{
		{"customer_data", long, `"ghp_0123456789abcdefghij…" is not a valid value (want yes or no)`},
		{"customer_data", "\x1b[2J", `"\x1b[2J" is not a valid value (want yes or no)`},
		{"services", "saas," + long, `"ghp_0123456789abcdefghij…" is not a valid value`},
		{"controls_operating_months", long, `"ghp_0123456789abcdefghij…" is not a whole number in plain digits`},
		{"controls_operating_months", strings.Repeat("9", 500), strings.Repeat("9", 24) + "… is out of range"},
	} {
		_, err := qs.Lookup(tt.key).ParseFlag(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %.30q: err = %v, want it to contain %s", tt.key, tt.in, err, tt.want)
		}
		if err != nil && (strings.Contains(err.Error(), "klmnop") || strings.ContainsRune(err.Error(), '\x1b') || len(err.Error()) > 200) {
			t.Errorf("%s: echoes the value whole or raw: %q", tt.key, err)
		}
	}
}

// A literal in a rule's expression is echoed the same way: rule files are
// files a user owns too.
func TestExpressionLiteralsEchoAShortPrefix(t *testing.T) {
	qs := load(t)
	long := "ghp_0123456789abcdefghijklmnopqrstuvwxyz"
	for _, src := range []string{
		`customer_data == "` + long + `"`,
		`label("` + long + `", services) != ""`,
	} {
		root, err := strictyaml.Parse("r.yaml", []byte("when: '"+src+"'\n"))
		if err != nil {
			t.Fatal(err)
		}
		_, problems := qs.Compile(root.Content[1], true)
		if len(problems) == 0 {
			t.Fatalf("%s: compiled", src)
		}
		msg := problems[0].Msg
		if !strings.Contains(msg, `"ghp_0123456789abcdefghij…"`) || strings.Contains(msg, "klmnop") {
			t.Errorf("%s: %s", src, msg)
		}
	}
}

// A number literal too large for expr is said in words, not in strconv's.
func TestHugeNumberLiteral(t *testing.T) {
	qs := load(t)
	root, err := strictyaml.Parse("r.yaml", []byte("when: 'len(services) > 99999999999999999999'\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, problems := qs.Compile(root.Content[1], true)
	if len(problems) != 1 || !strings.Contains(problems[0].Msg, "the number 99999999999999999999 is too large") || strings.Contains(problems[0].Msg, "strconv") {
		t.Errorf("problems = %v", problems)
	}
}

// A list of many bad items describes the first few and counts the rest:
// 500,000 bad items cost a gigabyte of messages.
func TestManyBadListItemsAreCounted(t *testing.T) {
	qs := load(t)
	_, err := qs.Lookup("services").ParseFlag(strings.Repeat("bogus,", 100000) + "saas")
	errs := questionnaire.SplitErrors(err)
	if len(errs) != 21 || !strings.Contains(errs[20].Error(), "... and 99980 more bad items") {
		t.Fatalf("%d errors, last %v", len(errs), errs[len(errs)-1])
	}
}
