package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/socpick/socpick/internal/engine"
)

// dot draws the rules graph for Graphviz (dot -Tsvg).
type dot struct{}

func newDot(Options) any { return dot{} }

func (dot) Graph(w io.Writer, rs *engine.Ruleset, filter GraphFilter) error {
	return drawGraph(w, rs, filter, (*graph).writeDot)
}

func dotQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func (g *graph) writeDot(b *strings.Builder) {
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
