package cli

import (
	"os"
	"testing"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/rules"
)

// fixtureDir is the small ruleset written for the tests: six questions, one
// asked only when customer_data is yes, and a dozen rules (see its
// questions.yaml and fixture.test.yaml). Commands are tested on it, so that
// the default ruleset can gain a question or a rule without changing these
// tests; the default is tested by its own suite, the example profiles and
// the golden files.
const fixtureDir = "../../testdata/fixture-rules"

func fixtureRuleset(t *testing.T) *engine.Ruleset {
	t.Helper()
	rs, err := engine.Load(os.DirFS(fixtureDir))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// defaultRuleset is the embedded default, for tests of what it holds.
func defaultRuleset(t *testing.T) *engine.Ruleset {
	t.Helper()
	rs, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}
