package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/soc"
)

// Formats are the output formats of `socpick advise`, for flag validation
// and completion.
var Formats = []string{"text", "json", "yaml", "markdown"}

// Advice is what advise renders: the decision for one profile.
type Advice struct {
	// Profile is the profile's metadata.name; empty when the answers came
	// from flags alone.
	Profile  string
	Decision *engine.Decision
	// Catalog names the ids for people ("soc2" -> "SOC 2").
	Catalog *engine.Catalog
}

// Options are the presentation choices decided once by the caller.
type Options struct {
	// Color enables ANSI colour (text only); the caller decides it from the
	// terminal, NO_COLOR and --no-color.
	Color bool
}

// Renderer draws advice in one format.
type Renderer interface {
	Advice(w io.Writer, a Advice) error
}

// Get returns the renderer for a format, or an error naming the formats.
func Get(format string, opts Options) (Renderer, error) {
	switch format {
	case "text":
		return &text{color: opts.Color}, nil
	case "json":
		return jsonRenderer{}, nil
	case "yaml":
		return yamlRenderer{}, nil
	case "markdown":
		return markdown{}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// Recommendation is the document of contract section 4.
type Recommendation struct {
	APIVersion       string `json:"apiVersion" yaml:"apiVersion"`
	Kind             string `json:"kind" yaml:"kind"`
	Profile          string `json:"profile" yaml:"profile"`
	*engine.Decision `yaml:",inline"`
}

// NewRecommendation wraps a decision in its contract envelope.
func NewRecommendation(a Advice) Recommendation {
	return Recommendation{APIVersion: soc.APIVersion, Kind: soc.KindRecommendation, Profile: a.Profile, Decision: a.Decision}
}

type jsonRenderer struct{}

func (jsonRenderer) Advice(w io.Writer, a Advice) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(NewRecommendation(a))
}

type yamlRenderer struct{}

func (yamlRenderer) Advice(w io.Writer, a Advice) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(NewRecommendation(a)); err != nil {
		return err
	}
	return enc.Close()
}
