package render

import (
	"io"
	"slices"
	"strings"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/soc"
)

// Advice is what advise draws: the decision for one profile.
type Advice struct {
	// Profile is the profile's metadata.name; empty when the answers came
	// from flags alone.
	Profile string
	// Title is the vendor's display name (metadata.title), shown where
	// people read; empty: the profile's name is.
	Title    string
	Decision *engine.Decision
	// Catalog names the ids for people ("soc2" -> "SOC 2").
	Catalog *engine.Catalog
	// WhatIf, when asked for, are the answers that would change the
	// advice; nil otherwise.
	WhatIf []engine.WhatIf
	// Tool, when set, says what judged (the advice's JSON and YAML
	// record it).
	Tool *Tool
	// Flags names an answer key's flag ("--customer-data"), for saying a
	// what-if as the user would ask for it; nil: the key as it is.
	Flags func(key string) string
	// Answers are the answers the advice was computed from, in the
	// questionnaire's order, so that a report stands on its own; nil
	// leaves them out.
	Answers []Answer
}

// Answer is one answer the advice was computed from: the key and value
// as a profile writes them, the question and the answer in words.
type Answer struct {
	Key      string
	Value    any
	Question string
	Text     string
}

// AdviceRenderer draws advice in one format.
type AdviceRenderer interface {
	Advice(w io.Writer, a Advice) error
}

// Recommendation is the document of docs/formats.md, "Advice".
type Recommendation struct {
	APIVersion string `json:"apiVersion" yaml:"apiVersion"`
	Kind       string `json:"kind" yaml:"kind"`
	Profile    string `json:"profile" yaml:"profile"`
	// Title is the vendor's display name, when it has one.
	Title            string `json:"title,omitempty" yaml:"title,omitempty"`
	*engine.Decision `yaml:",inline"`
	// WhatIf is there only when asked for (advise --what-if).
	WhatIf []engine.WhatIf `json:"what_if,omitempty" yaml:"what_if,omitempty"`
	// Tool says what judged: socpick's version and the ruleset.
	Tool *Tool `json:"tool,omitempty" yaml:"tool,omitempty"`
	// Answers are the answers it was computed from, as a profile's
	// answers block writes them.
	Answers map[string]any `json:"answers,omitempty" yaml:"answers,omitempty"`
}

// Tool is what judged, for an audit trail: socpick's version, the
// ruleset's directory ("" for the embedded default) and its digest.
type Tool struct {
	Name          string `json:"name" yaml:"name"`
	Version       string `json:"version" yaml:"version"`
	Rules         string `json:"rules" yaml:"rules"`
	RulesetDigest string `json:"ruleset_digest" yaml:"ruleset_digest"`
}

// NewRecommendation wraps a decision in its envelope (apiVersion, kind, profile).
func NewRecommendation(a Advice) Recommendation {
	r := Recommendation{APIVersion: soc.APIVersion, Kind: soc.KindRecommendation, Profile: a.Profile, Title: a.Title, Decision: a.Decision, WhatIf: a.WhatIf, Tool: a.Tool}
	if len(a.Answers) > 0 {
		r.Answers = make(map[string]any, len(a.Answers))
		for _, ans := range a.Answers {
			r.Answers[ans.Key] = ans.Value
		}
	}
	return r
}

// section is a titled list of obligations or considerations.
type section struct {
	title string
	items []engine.Consideration
}

// considerations are the advice's obligations, then what else to consider:
// what applies anyway apart from what is an option.
func considerations(d *engine.Decision) []section {
	return []section{{"Obligations", d.Obligations}, {"Also consider", d.AlsoConsider}}
}

// timeline is a plan's milestones in date order (a span by its start),
// the plan's order kept among equal dates.
func timeline(p *engine.Plan) []engine.Milestone {
	out := slices.Clone(p.Milestones)
	slices.SortStableFunc(out, func(a, b engine.Milestone) int { return strings.Compare(firstDay(a), firstDay(b)) })
	return out
}

// when says when a milestone is: its day, or its span "START to END".
func when(m engine.Milestone) string {
	if m.Date != "" {
		return m.Date
	}
	return m.Start + " to " + m.End
}

func firstDay(m engine.Milestone) string {
	if m.Date != "" {
		return m.Date
	}
	return m.Start
}

// whatIfLine says one what-if as the user would ask for it:
// "--financial-reporting-impact yes".
func whatIfLine(a Advice, w engine.WhatIf) string {
	key := w.Answer
	if a.Flags != nil {
		key = a.Flags(w.Answer)
	}
	return key + " " + w.Value
}

// displayName is the vendor as people read it: its title, else its name.
func (a Advice) displayName() string {
	if a.Title != "" {
		return a.Title
	}
	return a.Profile
}
