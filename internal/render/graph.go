package render

import (
	"io"
	"slices"
	"strings"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
)

// GraphRenderer draws the ruleset's decision structure, or the part a
// filter keeps, as a diagram.
type GraphRenderer interface {
	Graph(w io.Writer, rs *engine.Ruleset, filter GraphFilter) error
}

// graph is the decision structure in three columns: questions (and the
// recommended reports, which later rules read), rules, and outcomes.
type graph struct {
	questions, rules, outcomes []node
	edges                      []edge
}

type node struct{ id, label string }

type edge struct {
	from, to string
	// feedback marks an edge from an outcome back to an input: the
	// recommended reports that later rules read.
	feedback bool
}

// GraphFilter narrows the diagram to some rules: those named, and those
// whose conditions read the questions named. Empty, it is the whole
// ruleset.
type GraphFilter struct {
	Rules     []string
	Questions []string
}

// whole says whether the filter keeps the whole ruleset.
func (f GraphFilter) whole() bool { return len(f.Rules) == 0 && len(f.Questions) == 0 }

func (f GraphFilter) keeps(r *engine.Rule) bool {
	if f.whole() {
		return true
	}
	if slices.Contains(f.Rules, r.ID) {
		return true
	}
	for _, k := range r.Reads {
		if slices.Contains(f.Questions, k) {
			return true
		}
	}
	return false
}

// drawGraph writes the diagram of the part of rs that filter keeps, as
// draw writes it.
func drawGraph(w io.Writer, rs *engine.Ruleset, filter GraphFilter, draw func(*graph, *strings.Builder)) error {
	var b strings.Builder
	draw(buildGraph(rs, filter), &b)
	_, err := io.WriteString(w, b.String())
	return err
}

func buildGraph(rs *engine.Ruleset, filter GraphFilter) *graph {
	g := &graph{}
	cat := rs.Catalog
	var kept []*engine.Rule
	read := map[string]bool{}
	for _, r := range rs.Rules {
		if filter.keeps(r) {
			kept = append(kept, r)
			for _, k := range r.Reads {
				read[k] = true
			}
		}
	}
	for _, q := range rs.Questions.Questions {
		if filter.whole() || read[q.Key] {
			g.questions = append(g.questions, node{"q_" + q.Key, q.Key})
		}
	}
	readsReports := false
	outcome := map[string]bool{}
	addOutcome := func(rule, id, label string) {
		if !outcome[id] {
			outcome[id] = true
			g.outcomes = append(g.outcomes, node{id, label})
		}
		g.edges = append(g.edges, edge{from: rule, to: id})
	}
	for _, r := range kept {
		rid := "r_" + r.ID
		g.rules = append(g.rules, node{rid, r.ID})
		for _, k := range r.Reads {
			if k == questionnaire.ReportsVar {
				readsReports = true
			}
			g.edges = append(g.edges, edge{from: "q_" + k, to: rid})
		}
		for _, id := range r.Recommend {
			addOutcome(rid, "o_recommend_"+id, "recommend "+cat.Name(id))
		}
		for _, id := range r.Exclude {
			addOutcome(rid, "o_exclude_"+id, "exclude "+cat.Name(id))
		}
		for _, rep := range soc.Reports {
			if t, ok := r.Type[rep]; ok {
				addOutcome(rid, "o_type_"+rep+"_"+t, cat.Name(rep)+" "+cat.Name(t))
			}
		}
		for _, id := range r.Interim {
			addOutcome(rid, "o_interim_"+id, cat.Name(id)+": Type I first")
		}
		for _, id := range r.Criteria {
			addOutcome(rid, "o_criteria_"+id, "criterion: "+cat.Name(id))
		}
		for _, id := range r.Obligations {
			addOutcome(rid, "o_obligation_"+id, "obligation: "+cat.Name(id))
		}
		for _, id := range r.AlsoConsider {
			addOutcome(rid, "o_consider_"+id, "consider: "+cat.Name(id))
		}
		if r.Warning != nil {
			addOutcome(rid, "o_warning_"+r.Warning.Code, "warning: "+r.Warning.Code)
		}
		if r.Note {
			addOutcome(rid, "o_note", "a note")
		}
		if len(r.NextSteps) > 0 {
			addOutcome(rid, "o_next_steps", "next steps")
		}
	}
	if readsReports {
		g.questions = append(g.questions, node{"q_" + questionnaire.ReportsVar, "recommended reports"})
		for _, id := range soc.Reports {
			for _, kind := range []string{"o_recommend_", "o_exclude_"} {
				if outcome[kind+id] {
					g.edges = append(g.edges, edge{from: kind + id, to: "q_" + questionnaire.ReportsVar, feedback: true})
				}
			}
		}
	}
	return g
}
