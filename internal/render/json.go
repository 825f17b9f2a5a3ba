package render

import (
	"fmt"
	"io"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
)

// jsonFormat draws for programs: the JSON documents of docs/formats.md
// (advice, check results) and of the listings (questions, rules).
type jsonFormat struct{}

func newJSON(Options) any { return jsonFormat{} }

// --- advice ---

func (jsonFormat) Advice(w io.Writer, a Advice) error {
	return WriteJSON(w, NewRecommendation(a))
}

// --- check ---

func (jsonFormat) check(run CheckRun) CheckRenderer {
	return &checkJSON{run: run, list: jsonArray{sep: ",\n    "}}
}

// checkJSON streams the document of docs/formats.md, "Check results": the envelope, each
// result as it comes, the summary. The bytes are those WriteJSON would
// write for the whole document.
type checkJSON struct {
	run     CheckRun
	list    jsonArray
	results resultJSON
}

func (j *checkJSON) Begin(w io.Writer) error {
	tool, err := indentedJSON(j.run.Tool, "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "{\n  \"apiVersion\": %q,\n  \"kind\": %q,\n  \"as_of\": %q,\n  \"tool\": %s,\n  \"results\": [",
		soc.APIVersion, soc.KindCheckResult, calendar.Day(j.run.AsOf), tool)
	return err
}

func (j *checkJSON) Result(w io.Writer, r *check.Result) error {
	if _, err := io.WriteString(w, j.list.next()); err != nil {
		return err
	}
	_, err := w.Write(j.results.result(r, 4))
	return err
}

func (j *checkJSON) End(w io.Writer, s check.Summary) error {
	summary, err := indentedJSON(s, "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s,\n  \"summary\": %s\n}\n", j.list.end(), summary)
	return err
}

// --- questions ---

// questionJSON is a question as `questions --format json` writes it.
type questionJSON struct {
	Key     string                 `json:"key"`
	Flag    string                 `json:"flag"`
	Kind    string                 `json:"kind"`
	Prompt  string                 `json:"prompt"`
	Help    string                 `json:"help"`
	Options []questionnaire.Option `json:"options,omitempty"`
	Min     *int                   `json:"min,omitempty"`
	Max     *int                   `json:"max,omitempty"`
	Default any                    `json:"default,omitempty"`
	AskIf   string                 `json:"ask_if,omitempty"`
	// AskedWhen is ask_if in words; Assume the answer assumed when the
	// question is not answered.
	AskedWhen string `json:"asked_when,omitempty"`
	Assume    any    `json:"assume,omitempty"`
}

func (jsonFormat) Questions(w io.Writer, qs *questionnaire.Questionnaire) error {
	doc := struct {
		APIVersion string         `json:"apiVersion"`
		Kind       string         `json:"kind"`
		Questions  []questionJSON `json:"questions"`
	}{APIVersion: soc.APIVersion, Kind: soc.KindQuestionnaire}
	for _, q := range qs.Questions {
		doc.Questions = append(doc.Questions, questionJSON{
			Key: q.Key, Flag: "--" + q.Flag(), Kind: q.Kind, Prompt: q.Prompt, Help: q.Help,
			Options: q.Options, Min: q.Min, Max: q.Max, Default: q.Default, AskIf: q.AskIf,
			AskedWhen: q.AskedWhen, Assume: q.Assumed,
		})
	}
	return WriteJSON(w, doc)
}

// --- rules ---

// ruleJSON is a rule as `rules list --format json` and `rules show
// --format json` write it.
type ruleJSON struct {
	ID           string            `json:"id"`
	Description  string            `json:"description,omitempty"`
	File         string            `json:"file"`
	Line         int               `json:"line"`
	When         string            `json:"when"`
	Reads        []string          `json:"reads"`
	Priority     int               `json:"priority"`
	Recommend    []string          `json:"recommend,omitempty"`
	Exclude      []string          `json:"exclude,omitempty"`
	Type         map[string]string `json:"type,omitempty"`
	Interim      []string          `json:"interim,omitempty"`
	Criteria     []string          `json:"criteria,omitempty"`
	AlsoConsider []string          `json:"also_consider,omitempty"`
	Obligations  []string          `json:"obligations,omitempty"`
	Warning      *engine.Warning   `json:"warning,omitempty"`
	Note         bool              `json:"note,omitempty"`
	NextSteps    []string          `json:"next_steps,omitempty"`
	Reason       string            `json:"reason,omitempty"`
	Sources      []string          `json:"sources"`
}

func newRuleJSON(r *engine.Rule, file string) ruleJSON {
	j := ruleJSON{
		ID: r.ID, Description: r.Description, File: file, Line: r.Pos.Line, When: prose.OneLine(r.When), Reads: r.Reads,
		Priority: r.Priority, Recommend: r.Recommend, Exclude: r.Exclude, Interim: r.Interim, Criteria: r.Criteria,
		AlsoConsider: r.AlsoConsider, Obligations: r.Obligations, Warning: r.Warning, Note: r.Note, Sources: r.Sources,
	}
	if len(r.Type) > 0 {
		j.Type = r.Type
	}
	if r.Reason != nil {
		j.Reason = prose.OneLine(r.Reason.Text)
	}
	for _, t := range r.NextSteps {
		j.NextSteps = append(j.NextSteps, prose.OneLine(t.Text))
	}
	if j.Reads == nil {
		j.Reads = []string{}
	}
	return j
}

func (jsonFormat) Rules(w io.Writer, rs Rules) error {
	list := make([]ruleJSON, len(rs.Ruleset.Rules))
	for i, r := range rs.Ruleset.Rules {
		list[i] = newRuleJSON(r, rs.path(r.File))
	}
	return WriteJSON(w, list)
}

func (jsonFormat) Rule(w io.Writer, rs Rules, r *engine.Rule) error {
	return WriteJSON(w, newRuleJSON(r, rs.path(r.File)))
}

// --- validate ---

// validationJSON is the document `rules validate --format json` writes.
type validationJSON struct {
	APIVersion string            `json:"apiVersion"`
	Kind       string            `json:"kind"`
	Tool       Tool              `json:"tool"`
	Problems   []Problem         `json:"problems"`
	Summary    validationSummary `json:"summary"`
}

// validationSummary counts the problems, and says what was looked at:
// nothing when the ruleset did not load.
type validationSummary struct {
	Loaded    bool `json:"loaded"`
	Errors    int  `json:"errors"`
	Warnings  int  `json:"warnings"`
	Rules     int  `json:"rules"`
	Questions int  `json:"questions"`
	Sampled   int  `json:"sampled"`
	Samples   int  `json:"samples"`
}

func (jsonFormat) Validation(w io.Writer, v Validation) error {
	doc := validationJSON{
		APIVersion: soc.APIVersion, Kind: soc.KindRulesValidation, Tool: v.Tool, Problems: v.Problems,
		Summary: validationSummary{Loaded: v.Loaded, Rules: v.Rules, Questions: v.Questions, Sampled: v.Sampled, Samples: v.Samples},
	}
	if doc.Problems == nil {
		doc.Problems = []Problem{}
	}
	doc.Summary.Errors, doc.Summary.Warnings = v.Counts()
	return WriteJSON(w, doc)
}
