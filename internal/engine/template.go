package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/vm"
	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/strictyaml"
)

// Template is a text with {{ expression }} parts over the answers, so a
// reason can speak of the user's own answers ("your controls have operated
// for {{ controls_operating_months }} months").
type Template struct {
	// Text is the template's source.
	Text  string
	parts []templatePart
	// reads are the names its expressions read.
	reads []string
}

type templatePart struct {
	lit  string
	prog *vm.Program
}

func (rs *Ruleset) compileTemplate(n *yaml.Node) (*Template, []strictyaml.Problem) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		return nil, []strictyaml.Problem{{Pos: strictyaml.PosOf(n), Msg: "expected text, got " + strictyaml.Describe(n)}}
	}
	t := &Template{Text: strings.TrimSpace(n.Value)}
	if t.Text == "" {
		return nil, []strictyaml.Problem{{Pos: strictyaml.PosOf(n), Msg: "empty text"}}
	}
	var probs []strictyaml.Problem
	rest := t.Text
	for rest != "" {
		open := strings.Index(rest, "{{")
		if open < 0 {
			t.parts = append(t.parts, templatePart{lit: rest})
			break
		}
		if open > 0 {
			t.parts = append(t.parts, templatePart{lit: rest[:open]})
		}
		end := strings.Index(rest[open:], "}}")
		if end < 0 {
			probs = append(probs, strictyaml.Problem{Pos: strictyaml.PosOf(n), Msg: "a {{ without its closing }}"})
			break
		}
		src := rest[open+2 : open+end]
		c, cp := rs.Questions.CompileText(n, src, true)
		probs = append(probs, cp...)
		if c != nil {
			t.parts = append(t.parts, templatePart{prog: c.Program})
			t.reads = append(t.reads, c.Reads...)
		}
		rest = rest[open+end+2:]
	}
	return t, probs
}

// render fills the template in with env.
func (t *Template) render(machine *vm.VM, env map[string]any) (string, error) {
	if len(t.parts) == 1 && t.parts[0].prog == nil {
		return t.parts[0].lit, nil
	}
	var b strings.Builder
	for _, p := range t.parts {
		if p.prog == nil {
			b.WriteString(p.lit)
			continue
		}
		v, err := machine.Run(p.prog, env)
		if err != nil {
			return "", err
		}
		b.WriteString(formatValue(v))
	}
	return b.String(), nil
}

// formatValue writes a value as a person reads it: lists as "a, b and c".
func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case []string:
		return prose.JoinList(x, "and")
	case []any:
		items := make([]string, len(x))
		for i, it := range x {
			items[i] = formatValue(it)
		}
		return prose.JoinList(items, "and")
	}
	return fmt.Sprint(v)
}
