package render

import (
	"io"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/questionnaire"
)

// yamlFormat draws advice as the YAML form of docs/formats.md "Advice"
// document, for people who keep it beside their profiles.
type yamlFormat struct{ today time.Time }

func newYAML(o Options) any { return yamlFormat{today: o.Today} }

// Questions draws the questionnaire as a vendor profile to fill in (what
// socpick init writes): every question, its help and values as comments.
func (y yamlFormat) Questions(w io.Writer, qs *questionnaire.Questionnaire) error {
	_, err := w.Write(profile.Template(qs, "vendor", y.today))
	return err
}

func (yamlFormat) Advice(w io.Writer, a Advice) error { return writeYAML(w, NewRecommendation(a)) }

func (yamlFormat) Diff(w io.Writer, d Diff) error { return writeYAML(w, newDiffDoc(d)) }

// writeYAML writes v as a YAML document, two spaces to a level.
func writeYAML(w io.Writer, v any) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return err
	}
	return enc.Close()
}
