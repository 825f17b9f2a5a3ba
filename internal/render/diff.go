package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/soc"
)

// Diff is what `socpick diff` draws: two advices for one vendor (two
// profiles, two rulesets, or two dates) and how they differ.
type Diff struct {
	A, B DiffSide
	// Changes say how B's advice differs from A's, in words.
	Changes []string
	// Answers are the answers that differ, by key.
	Answers []AnswerChange
	// OnlyA and OnlyB are the rules that fired on one side only.
	OnlyA, OnlyB []string
}

// DiffSide is one side of a diff.
type DiffSide struct {
	File    string
	Profile string
	// Rules names the ruleset: its directory, or "" for the embedded
	// default.
	Rules    string
	AsOf     string
	Decision *engine.Decision
}

// AnswerChange is an answer that differs between the two sides ("" for
// not answered).
type AnswerChange struct {
	Key  string `json:"key" yaml:"key"`
	A    string `json:"a" yaml:"a"`
	B    string `json:"b" yaml:"b"`
	Flag string `json:"-" yaml:"-"`
}

// Changed reports whether the advice differs.
func (d Diff) Changed() bool { return len(d.Changes) > 0 }

// DiffRenderer draws a diff in one format.
type DiffRenderer interface {
	Diff(w io.Writer, d Diff) error
}

// DiffOutput draws `diff`.
var DiffOutput Output[DiffRenderer]

func (s DiffSide) label() string {
	rules := "the default rules"
	if s.Rules != "" {
		rules = "rules " + s.Rules
	}
	return fmt.Sprintf("%s (%s), %s, as of %s", s.File, s.Profile, rules, s.AsOf)
}

func (t text) Diff(out io.Writer, d Diff) error {
	w := t.writer(out)
	w.para("A: ", "   ", visible(d.A.label())+": "+d.A.Decision.Summary)
	w.para("B: ", "   ", visible(d.B.label())+": "+d.B.Decision.Summary)
	w.line("")
	if !d.Changed() {
		w.line(w.style(bold, "The advice is the same."))
	} else {
		w.line(w.style(bold, "From A to B, the advice"))
		for _, c := range d.Changes {
			w.para("  - ", "    ", visible(c))
		}
	}
	if len(d.Answers) > 0 {
		w.line("")
		w.line(w.style(bold, "Answers that differ"))
		for _, a := range d.Answers {
			w.para("  "+a.Key+": ", "    ", visible(orNotAnswered(a.A)+" in A, "+orNotAnswered(a.B)+" in B"))
		}
	}
	for _, side := range []struct {
		name  string
		rules []string
	}{{"A", d.OnlyA}, {"B", d.OnlyB}} {
		if len(side.rules) > 0 {
			w.line("")
			w.para("", "", w.style(bold, "Rules that fired in "+side.name+" only")+": "+strings.Join(side.rules, ", "))
		}
	}
	return w.err
}

func orNotAnswered(s string) string {
	if s == "" {
		return "not answered"
	}
	return s
}

func (markdown) Diff(out io.Writer, d Diff) error {
	w := &writer{w: out}
	w.line("# SOC report advice: what changed")
	w.line("")
	w.line("| | Advice |")
	w.line("|---|---|")
	w.line("| A: " + cell(d.A.label()) + " | " + cell(d.A.Decision.Summary) + " |")
	w.line("| B: " + cell(d.B.label()) + " | " + cell(d.B.Decision.Summary) + " |")
	w.line("")
	if !d.Changed() {
		w.line("**The advice is the same.**")
	} else {
		w.line("**From A to B, the advice:**")
		w.line("")
		for _, c := range d.Changes {
			w.line("- " + md(c))
		}
	}
	if len(d.Answers) > 0 {
		w.line("")
		w.line("| Answer | A | B |")
		w.line("|---|---|---|")
		for _, a := range d.Answers {
			w.line("| `" + a.Key + "` | " + cell(orNotAnswered(a.A)) + " | " + cell(orNotAnswered(a.B)) + " |")
		}
	}
	if len(d.OnlyA)+len(d.OnlyB) > 0 {
		w.line("")
		w.line("Rules that fired in A only: " + orNone(d.OnlyA) + "; in B only: " + orNone(d.OnlyB) + ".")
	}
	return w.err
}

func orNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return "`" + strings.Join(ids, "`, `") + "`"
}

// diffDoc is the JSON and YAML form of a diff (kind Diff).
type diffDoc struct {
	APIVersion string         `json:"apiVersion" yaml:"apiVersion"`
	Kind       string         `json:"kind" yaml:"kind"`
	Changed    bool           `json:"changed" yaml:"changed"`
	A          diffSideDoc    `json:"a" yaml:"a"`
	B          diffSideDoc    `json:"b" yaml:"b"`
	Changes    []string       `json:"changes" yaml:"changes"`
	Answers    []AnswerChange `json:"answers" yaml:"answers"`
	Rules      struct {
		OnlyA []string `json:"only_a" yaml:"only_a"`
		OnlyB []string `json:"only_b" yaml:"only_b"`
	} `json:"rules" yaml:"rules"`
}

type diffSideDoc struct {
	File           string         `json:"file" yaml:"file"`
	Profile        string         `json:"profile" yaml:"profile"`
	Rules          string         `json:"rules" yaml:"rules"`
	AsOf           string         `json:"as_of" yaml:"as_of"`
	Recommendation Recommendation `json:"recommendation" yaml:"recommendation"`
}

func newDiffDoc(d Diff) diffDoc {
	doc := diffDoc{APIVersion: soc.APIVersion, Kind: soc.KindDiff, Changed: d.Changed(), Changes: d.Changes, Answers: d.Answers}
	side := func(s DiffSide) diffSideDoc {
		return diffSideDoc{File: s.File, Profile: s.Profile, Rules: s.Rules, AsOf: s.AsOf,
			Recommendation: NewRecommendation(Advice{Profile: s.Profile, Decision: s.Decision})}
	}
	doc.A, doc.B = side(d.A), side(d.B)
	doc.Rules.OnlyA, doc.Rules.OnlyB = d.OnlyA, d.OnlyB
	for _, l := range []*[]string{&doc.Changes, &doc.Rules.OnlyA, &doc.Rules.OnlyB} {
		if *l == nil {
			*l = []string{}
		}
	}
	if doc.Answers == nil {
		doc.Answers = []AnswerChange{}
	}
	return doc
}

func (jsonFormat) Diff(w io.Writer, d Diff) error { return WriteJSON(w, newDiffDoc(d)) }
