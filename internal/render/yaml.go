package render

import (
	"io"

	"go.yaml.in/yaml/v3"
)

// yamlFormat draws advice as the YAML form of docs/formats.md "Advice"
// document, for people who keep it beside their profiles.
type yamlFormat struct{}

func newYAML(Options) any { return yamlFormat{} }

func (yamlFormat) Advice(w io.Writer, a Advice) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(NewRecommendation(a)); err != nil {
		return err
	}
	return enc.Close()
}
