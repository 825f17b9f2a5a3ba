package questionnaire_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/questionnaire"
)

// An expression too long or nested too deep is refused at its position
// before expr parses it: expr's parser recurses once per bracket, and
// 520,000 of them overflowed the stack of every command.
func TestExprLimits(t *testing.T) {
	qs := checksQuestionnaire(t)
	deep := func(n int) string { return strings.Repeat("(", n) + "months > 1" + strings.Repeat(")", n) }
	depthMsg := fmt.Sprintf("in expression: brackets nested more than %d deep: split the condition, or name its parts with let", questionnaire.MaxExprDepth)
	long := "months > 1" + strings.Repeat(" || months > 1", questionnaire.MaxExprBytes/14)
	for _, tt := range []struct {
		name, doc string
		want      []string
	}{
		{"at the depth limit", `when: '` + deep(questionnaire.MaxExprDepth) + `'`, nil},
		{"one deeper, at the bracket too deep", `when: '` + deep(questionnaire.MaxExprDepth+1) + `'`,
			[]string{fmt.Sprintf("1:%d: %s", 8+questionnaire.MaxExprDepth, depthMsg)}},
		{"[ and { count as (", `when: '` + strings.Repeat("[", 20) + strings.Repeat("{a: ", 13) + `1` + strings.Repeat("}", 13) + strings.Repeat("]", 20) + ` != nil'`,
			[]string{"1:76: " + depthMsg}}, // the 13th {, after 20 [ and 12 "{a: "
		{"brackets in strings and comments do not count",
			`when: 'len("` + strings.Repeat("(", 40) + `") > 0 && len("` + strings.Repeat(`\"[`, 40) + `") > 0 /**/ /* ` + strings.Repeat("{", 40) + ` */ && ` +
				"len(`" + strings.Repeat("(", 40) + "`) > 0'", nil},
		{"too long, at its start", "when: " + long,
			[]string{fmt.Sprintf("1:7: in expression: %d bytes, more than the %d an expression may hold: split it across rules", len(long), questionnaire.MaxExprBytes)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := qs.Compile(exprNode(t, tt.doc), true)
			if got := problemLines(probs); !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// Half a million brackets cost nothing: the text is refused before expr
// parses it (before the limit, 300,000 took 3.4 s and 858 MB to load,
// 520,000 crashed with a stack overflow). In a template too.
func TestExprLimitsHugeNesting(t *testing.T) {
	qs := checksQuestionnaire(t)
	for _, src := range []string{strings.Repeat("(", 520000), strings.Repeat("[", 520000) + "1"} {
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: src, Line: 3, Column: 11}
		start := time.Now()
		c, probs := qs.Compile(n, true)
		if c != nil || len(probs) != 1 || !strings.Contains(probs[0].Msg, "bytes, more than the 4096") {
			t.Errorf("%.10s...: got %v, want one problem: too long", src, problemLines(probs))
		}
		src = "x is {{ " + strings.Repeat("(", 100) + " }}"
		n.Value = src
		if c, probs := qs.CompileText(n, src[7:len(src)-3], false); c != nil || len(problemLines(probs)) != 1 ||
			problemLines(probs)[0] != "3:"+fmt.Sprint(11+7+questionnaire.MaxExprDepth+1)+": in expression: brackets nested more than 32 deep: split the condition, or name its parts with let" {
			t.Errorf("template: got %q", problemLines(probs))
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("refusing took %v", d)
		}
	}
}

// now() reads the clock: advice from the same answers must not change
// with the day it is given (the date comes from --as-of). It is refused
// in conditions, templates and ask_if alike; date() of a text is not.
func TestExprRefusesTheClock(t *testing.T) {
	qs := checksQuestionnaire(t)
	const msg = "in expression: now() reads the clock, and advice must not depend on when it is given: the date of a decision is --as-of, outside the rules"
	for _, tt := range []struct {
		doc  string
		want []string
	}{
		{`when: now().Year() > 2020`, []string{"1:7: " + msg}},
		{`when: 'months > 3 && now() > date("2026-01-01")'`, []string{"1:22: " + msg}},
		{`when: 'date("2026-01-01").Year() == 2026'`, nil},
	} {
		_, probs := qs.Compile(exprNode(t, tt.doc), false)
		if got := problemLines(probs); !slices.Equal(got, tt.want) {
			t.Errorf("%s: problems:\n%q\nwant\n%q", tt.doc, got, tt.want)
		}
	}
	n := exprNode(t, `reason: "It is {{ now().Year() }}."`)
	if _, probs := qs.CompileText(n, " now().Year() ", false); len(probs) != 1 || !strings.Contains(probs[0].Msg, "now() reads the clock") {
		t.Errorf("template: got %q", problemLines(probs))
	}
	_, err := questionnaire.Parse("q.yaml", []byte(checksQuestions+`  - key: late
    kind: choice
    prompt: Late?
    help: H.
    options: [{value: "yes", label: "Yes"}, {value: "no", label: "No"}]
    ask_if: now().Hour() > 12
`))
	if err == nil || !strings.Contains(err.Error(), "q.yaml:30:13: ") || !strings.Contains(err.Error(), "now() reads the clock") {
		t.Errorf("ask_if: got %v", err)
	}
}
