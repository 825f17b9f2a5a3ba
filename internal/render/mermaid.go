package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/socpick/socpick/internal/engine"
)

// mermaid draws the rules graph as a Mermaid flowchart, which GitHub
// renders inside a ```mermaid block.
type mermaid struct{}

func newMermaid(Options) any { return mermaid{} }

func (mermaid) Graph(w io.Writer, rs *engine.Ruleset, filter GraphFilter) error {
	return drawGraph(w, rs, filter, (*graph).writeMermaid)
}

// mermaidID makes an id Mermaid accepts: letters, digits and underscores.
func mermaidID(id string) string { return strings.NewReplacer("-", "_", ".", "_").Replace(id) }

func mermaidLabel(s string) string { return strings.ReplaceAll(s, `"`, "#quot;") }

func (g *graph) writeMermaid(b *strings.Builder) {
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
