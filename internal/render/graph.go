package render

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
)

// GraphFormats are the diagram formats of `socpick rules graph`.
var GraphFormats = []string{"mermaid", "dot"}

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

func (f GraphFilter) keeps(r *engine.Rule) bool {
	if len(f.Rules) == 0 && len(f.Questions) == 0 {
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
	whole := len(filter.Rules) == 0 && len(filter.Questions) == 0
	for _, q := range rs.Questions.Questions {
		if whole || read[q.Key] {
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
		for _, id := range r.AlsoConsider {
			addOutcome(rid, "o_consider_"+id, "consider: "+cat.Name(id))
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

// Graph draws the ruleset's decision structure, or the part filter keeps,
// in a format of GraphFormats.
func Graph(w io.Writer, format string, rs *engine.Ruleset, filter GraphFilter) error {
	g := buildGraph(rs, filter)
	var b strings.Builder
	switch format {
	case "mermaid":
		g.mermaid(&b)
	case "dot":
		g.dot(&b)
	default:
		return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(GraphFormats, " or "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mermaidID makes an id Mermaid accepts: letters, digits and underscores.
func mermaidID(id string) string { return strings.NewReplacer("-", "_", ".", "_").Replace(id) }

func mermaidLabel(s string) string { return strings.ReplaceAll(s, `"`, "#quot;") }

func (g *graph) mermaid(b *strings.Builder) {
	b.WriteString("flowchart LR\n")
	for _, col := range []struct {
		id, title string
		nodes     []node
		open      string
		close     string
	}{
		{"questions", "Questions", g.questions, "([", "])"},
		{"rules", "Rules", g.rules, "[", "]"},
		{"outcomes", "Outcomes", g.outcomes, "{{", "}}"},
	} {
		fmt.Fprintf(b, "  subgraph %s [%s]\n", col.id, col.title)
		for _, n := range col.nodes {
			fmt.Fprintf(b, "    %s%s\"%s\"%s\n", mermaidID(n.id), col.open, mermaidLabel(n.label), col.close)
		}
		b.WriteString("  end\n")
	}
	for _, e := range g.edges {
		arrow := "-->"
		if e.feedback {
			arrow = "-.->"
		}
		fmt.Fprintf(b, "  %s %s %s\n", mermaidID(e.from), arrow, mermaidID(e.to))
	}
}

func dotQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func (g *graph) dot(b *strings.Builder) {
	b.WriteString("digraph socpick_rules {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n")
	for _, col := range []struct {
		id, title, shape string
		nodes            []node
	}{
		{"questions", "Questions", "ellipse", g.questions},
		{"rules", "Rules", "box", g.rules},
		{"outcomes", "Outcomes", "hexagon", g.outcomes},
	} {
		fmt.Fprintf(b, "  subgraph cluster_%s {\n    label=%s;\n    node [shape=%s];\n", col.id, dotQuote(col.title), col.shape)
		for _, n := range col.nodes {
			fmt.Fprintf(b, "    %s [label=%s];\n", dotQuote(n.id), dotQuote(n.label))
		}
		b.WriteString("  }\n")
	}
	for _, e := range g.edges {
		style := ""
		if e.feedback {
			style = " [style=dashed]"
		}
		fmt.Fprintf(b, "  %s -> %s%s;\n", dotQuote(e.from), dotQuote(e.to), style)
	}
	b.WriteString("}\n")
}
