package engine_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/engine"
)

// TestDuplicateRuleIDs: rule files compile at once, and a rule id used
// twice is still reported at the second use, naming the first, whether the
// two are in one file or in two (in file name order).
func TestDuplicateRuleIDs(t *testing.T) {
	const head = "apiVersion: socpick/v1\nkind: Rules\nrules:\n"
	rule := func(id string) string {
		return "  - id: " + id + "\n    when: customer_data == \"yes\"\n    note: true\n    reason: R.\n"
	}
	_, err := engine.Load(fixtureFS(t, map[string]string{
		"a.rules.yaml": head + rule("twice-in-a") + rule("twice-in-a") + rule("in-a-and-b"),
		"b.rules.yaml": head + rule("in-a-and-b"),
	}))
	if err == nil {
		t.Fatal("duplicate rule ids loaded")
	}
	for _, want := range []string{
		"a.rules.yaml:8:5: rule twice-in-a: duplicate rule id (first in a.rules.yaml:4)",
		"b.rules.yaml:4:5: rule in-a-and-b: duplicate rule id (first in a.rules.yaml:12)",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q:\n%v", want, err)
		}
	}
}

// TestAMissingFileSaysWhatARulesetHolds: questions.yaml is read on its own
// path (questionnaire.Load), and its absence reads as the catalog's does.
func TestAMissingFileSaysWhatARulesetHolds(t *testing.T) {
	for _, name := range []string{"questions.yaml", "catalog.yaml"} {
		_, err := engine.Load(fixtureFS(t, map[string]string{name: ""}))
		want := name + ": cannot read it: a ruleset holds questions.yaml, catalog.yaml and *.rules.yaml files (file does not exist)"
		if err == nil || err.Error() != want {
			t.Errorf("without %s: error %v, want %q", name, err, want)
		}
	}
}

// TestARulesetIsLimitedInAll: many files under the per-file limit are
// refused together, before any is parsed.
func TestARulesetIsLimitedInAll(t *testing.T) {
	files := map[string]string{}
	chunk := "# " + strings.Repeat("x", 1<<19) + "\n" // half a MiB of comment
	for i := range 20 {
		files[fmt.Sprintf("big%02d.rules.yaml", i)] = chunk
	}
	_, err := engine.Load(fixtureFS(t, files))
	if err == nil || !strings.Contains(err.Error(), "the limit is 8388608 (8 MiB)") {
		t.Fatalf("err = %v", err)
	}
}

// A ruleset's digest changes with any byte of any of its files, and not
// otherwise.
func TestDigest(t *testing.T) {
	a := loadFixture(t, nil)
	b := loadFixture(t, nil)
	if a.Digest != b.Digest || !strings.HasPrefix(a.Digest, "sha256:") || len(a.Digest) != len("sha256:")+64 {
		t.Fatalf("digests %q and %q", a.Digest, b.Digest)
	}
	f := fixtureFS(t, nil)
	rules := string(f["fixture.rules.yaml"].Data)
	c := loadFixture(t, map[string]string{"fixture.rules.yaml": rules + "\n"})
	if c.Digest == a.Digest {
		t.Error("a changed rules file keeps the digest")
	}
}

// A rule that recommends or excludes reports runs before the reports and
// the plan are known: reading them, in its condition or its texts, is a
// load error at its place.
func TestDecidingRulesCannotReadWhatTheyDecide(t *testing.T) {
	const head = "apiVersion: socpick/v1\nkind: Rules\nrules:\n  - id: late\n    recommend: [soc2]\n    sources: [fixture]\n"
	for name, body := range map[string]string{
		"reports":         "    when: '\"soc1\" in reports'\n    reason: R.\n",
		"a plan variable": "    when: soc2_held < 2\n    reason: R.\n",
		"in its reason":   "    when: customer_data == \"yes\"\n    reason: 'Due in {{ soc2_type2_months }} months.'\n",
		"in a next step":  "    when: customer_data == \"yes\"\n    reason: R.\n    next_steps: ['{{ type1_months }} months.']\n",
	} {
		_, err := engine.Load(fixtureFS(t, map[string]string{"late.rules.yaml": head + body}))
		if err == nil || !strings.Contains(err.Error(), "a rule that recommends or excludes reports cannot read") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
