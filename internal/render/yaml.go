package render

import (
	"io"

	"go.yaml.in/yaml/v3"
)

// yamlFormat draws advice as the YAML form of docs/formats.md "Advice"
// document, for people who keep it beside their profiles.
type yamlFormat struct{}

func newYAML(Options) any { return yamlFormat{} }

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
