package render_test

import (
	"slices"
	"testing"

	"github.com/socpick/socpick/internal/render"
)

// Each command's --format flag lists, completes and names in its error
// the formats that draw its output, in the registry's order.
func TestOutputsListTheirFormats(t *testing.T) {
	type output interface {
		Formats() []string
		Want() string
	}
	for _, tc := range []struct {
		name    string
		out     output
		formats []string
		want    string
	}{
		{"advice", render.AdviceOutput, []string{"text", "json", "yaml", "markdown"}, "text, json, yaml, markdown"},
		{"check", render.CheckOutput, []string{"text", "json", "junit", "sarif", "github", "markdown"}, "text, json, junit, sarif, github, markdown"},
		{"questions", render.QuestionsOutput, []string{"text", "json", "yaml"}, "text, json, yaml"},
		{"rules", render.RulesOutput, []string{"text", "json"}, "text or json"},
		{"graph", render.GraphOutput, []string{"mermaid", "dot"}, "mermaid or dot"},
	} {
		if got := tc.out.Formats(); !slices.Equal(got, tc.formats) {
			t.Errorf("%s formats = %q, want %q", tc.name, got, tc.formats)
		}
		if got := tc.out.Want(); got != tc.want {
			t.Errorf("%s Want = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestUnknownFormatNamesTheOutputsFormats(t *testing.T) {
	for _, tc := range []struct {
		get  func() error
		want string
	}{
		// A format of another output is unknown to this one.
		{func() error { _, err := render.QuestionsOutput.Get("markdown", render.Options{}); return err }, `unknown format "markdown" (want text, json, yaml)`},
		{func() error { _, err := render.RulesOutput.Get("markdown", render.Options{}); return err }, `unknown format "markdown" (want text or json)`},
		{func() error { _, err := render.GraphOutput.Get("text", render.Options{}); return err }, `unknown format "text" (want mermaid or dot)`},
		{func() error { _, err := render.AdviceOutput.Get("junit", render.Options{}); return err }, `unknown format "junit" (want text, json, yaml, markdown)`},
		{func() error { _, err := render.CheckOutput.Get("", render.Options{}); return err }, `unknown format "" (want text, json, junit, sarif, github, markdown)`},
	} {
		if err := tc.get(); err == nil || err.Error() != tc.want {
			t.Errorf("got %v, want %s", err, tc.want)
		}
	}
	for _, f := range render.CheckOutput.Formats() {
		if _, err := render.NewCheck(f, render.CheckRun{}, render.Options{}); err != nil {
			t.Errorf("NewCheck(%q): %v", f, err)
		}
	}
}
