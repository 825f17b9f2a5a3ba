package render

import (
	"io"
	"path/filepath"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/ruletest"
)

// QuestionsRenderer draws the questionnaire, as `questions` lists it.
type QuestionsRenderer interface {
	Questions(w io.Writer, qs *questionnaire.Questionnaire) error
}

// Rules is a ruleset as `rules list` and `rules show` draw it.
type Rules struct {
	Ruleset *engine.Ruleset
	// Dir names the ruleset's files for a person: the --rules directory,
	// or "rules" for the embedded default.
	Dir string
}

// path names a file of the ruleset: DIR/NAME.
func (rs Rules) path(name string) string { return filepath.Join(rs.Dir, name) }

// RulesRenderer draws rules.
type RulesRenderer interface {
	// Rules draws every rule in evaluation order, with what each decides.
	Rules(w io.Writer, rs Rules) error
	// Rule draws one rule of rs whole.
	Rule(w io.Writer, rs Rules, r *engine.Rule) error
}

// RuleTests is what `rules test` draws: the result of each case, and how
// much of the ruleset the cases cover.
type RuleTests struct {
	Results []*ruletest.Result
	// Failed counts the results that did not pass.
	Failed int
	// Verbose lists every case, not only the failures.
	Verbose bool
	// ShowCoverage draws the coverage: Covered of Total rules fire in
	// some case (Percent), and the Uncovered rules, named from Dir.
	ShowCoverage   bool
	Covered, Total int
	Percent        float64
	Uncovered      []*engine.Rule
	Dir            string
	// BelowThreshold says in a last line that Percent is below
	// Threshold.
	BelowThreshold bool
	Threshold      float64
}
