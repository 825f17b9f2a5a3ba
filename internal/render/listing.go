package render

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

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

// RulesDrawer returns the drawer of `rules list` and `rules show` in the
// format named, or an error naming the formats there are. In text it shows
// every rule's priority (JSON has a priority field).
func RulesDrawer(name string, opts Options) (RulesRenderer, error) {
	r, err := RulesOutput.Get(name, opts)
	if t, ok := r.(text); ok {
		return prioritiesText{t}, nil
	}
	return r, err
}

// prioritiesText is text's listing of rules with each rule's priority:
// a rule owner needs it to see which type or interim rule wins. The list
// marks every rule whose priority is not 0 or ranks an outcome, and says
// that the others have 0 (a column would move the lines people and
// scripts read); show gives it a line of its own.
type prioritiesText struct{ text }

// ranked reports whether a rule's priority ranks one of its outcomes:
// a type or an interim step. Other rules' priorities decide nothing.
func ranked(r *engine.Rule) bool { return len(r.Type) > 0 || len(r.Interim) > 0 }

func (t prioritiesText) Rules(out io.Writer, rs Rules) error {
	var b bytes.Buffer
	if err := t.text.Rules(&b, rs); err != nil {
		return err
	}
	byID := map[string]*engine.Rule{}
	for _, r := range rs.Ruleset.Rules {
		byID[r.ID] = r
	}
	lines := strings.SplitAfter(b.String(), "\n")
	for i, l := range lines {
		id, _, ok := strings.Cut(strings.TrimPrefix(l, "  "), " ")
		r := byID[id]
		if !strings.HasPrefix(l, "  ") || !ok || r == nil || len(r.Type) > 0 { // text shows a type rule's priority
			continue
		}
		if r.Priority != 0 || ranked(r) {
			lines[i] = strings.TrimSuffix(l, "\n") + fmt.Sprintf(" (priority %d)\n", r.Priority)
		}
	}
	lines = append(lines, "Rules without (priority N) have priority 0. Of the fired rules that set a\nreport's type or interim step, the highest priority decides.\n")
	_, err := io.WriteString(out, strings.Join(lines, ""))
	return err
}

func (t prioritiesText) Rule(out io.Writer, rs Rules, r *engine.Rule) error {
	var b bytes.Buffer
	if err := t.text.Rule(&b, rs, r); err != nil {
		return err
	}
	line := fmt.Sprintf("priority: %d\n", r.Priority)
	if !ranked(r) {
		line = fmt.Sprintf("priority: %d (ranks only type and interim outcomes; this rule has none)\n", r.Priority)
	}
	// After the outcome, which the priority ranks; at the end should
	// the outcome line not be there.
	s := b.String()
	at := len(s)
	if i := strings.Index(s, "\noutcome:"); i >= 0 {
		at = i + 1 + strings.IndexByte(s[i+1:], '\n') + 1
	}
	_, err := io.WriteString(out, s[:at]+line+s[at:])
	return err
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

// DrawRuleTests draws the outcome of `rules test` in text, the one format
// that command writes.
func DrawRuleTests(w io.Writer, t RuleTests) error { return text{}.ruleTests(w, t) }
