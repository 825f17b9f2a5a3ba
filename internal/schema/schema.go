package schema

import (
	"bytes"
	"encoding/json"

	"github.com/socpick/socpick/internal/soc"
)

// Draft is the JSON Schema dialect of every schema here.
const Draft = "https://json-schema.org/draft/2020-12/schema"

// Schema is a JSON Schema, with the keywords socpick's schemas use. Its zero
// value accepts anything; False makes it the schema false, which accepts
// nothing. It marshals to JSON with its properties in the order given.
type Schema struct {
	Schema      string `json:"$schema,omitempty"`
	ID          string `json:"$id,omitempty"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Type        string `json:"type,omitempty"`
	Const       any    `json:"const,omitempty"`
	Enum        []any  `json:"enum,omitempty"`
	// EnumDescriptions describes each value of Enum, in the same order. It
	// is not a JSON Schema keyword: validators ignore it, and editors built
	// on vscode-json-languageservice (yaml-language-server among them) show
	// it beside each completion.
	EnumDescriptions []string `json:"enumDescriptions,omitempty"`
	Default          any      `json:"default,omitempty"`
	Examples         []any    `json:"examples,omitempty"`
	Pattern          string   `json:"pattern,omitempty"`
	Format           string   `json:"format,omitempty"`
	Minimum          *int     `json:"minimum,omitempty"`
	Maximum          *int     `json:"maximum,omitempty"`
	Items            *Schema  `json:"items,omitempty"`
	MinItems         *int     `json:"minItems,omitempty"`
	MaxItems         *int     `json:"maxItems,omitempty"`
	UniqueItems      bool     `json:"uniqueItems,omitempty"`
	Contains         *Schema  `json:"contains,omitempty"`
	// Properties are in the order an editor should offer them.
	Properties           Properties `json:"properties,omitempty"`
	Required             []string   `json:"required,omitempty"`
	AdditionalProperties *Schema    `json:"additionalProperties,omitempty"`
	MinProperties        *int       `json:"minProperties,omitempty"`
	AllOf                []*Schema  `json:"allOf,omitempty"`
	If                   *Schema    `json:"if,omitempty"`
	Then                 *Schema    `json:"then,omitempty"`

	// False makes this the schema false: every other field is ignored.
	False bool `json:"-"`
}

// Property is one named property of an object schema.
type Property struct {
	Name   string
	Schema *Schema
}

// Properties are an object schema's properties, in order.
type Properties []Property

// Lookup returns the schema of the property name, or nil.
func (ps Properties) Lookup(name string) *Schema {
	for _, p := range ps {
		if p.Name == name {
			return p.Schema
		}
	}
	return nil
}

// Names returns the properties' names, in order.
func (ps Properties) Names() []string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return names
}

// MarshalJSON writes the properties as one JSON object, in order.
func (ps Properties) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := marshal(p.Name)
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		value, err := marshal(p.Schema)
		if err != nil {
			return nil, err
		}
		b.Write(value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// MarshalJSON writes s, or false for the schema false.
func (s *Schema) MarshalJSON() ([]byte, error) {
	if s.False {
		return []byte("false"), nil
	}
	type plain Schema // the same fields without this method
	return marshal((*plain)(s))
}

// marshal is json.Marshal without escaping <, > and &, which descriptions
// hold and editors would show escaped.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// never is the schema false: for a key that must not be given.
func never() *Schema { return &Schema{False: true} }

// closed returns an object schema that accepts exactly the keys props.
func closed(props Properties, required ...string) *Schema {
	return &Schema{Type: "object", Properties: props, Required: required, AdditionalProperties: never()}
}

// enumOf returns a string schema whose values are ids, each described by
// describe (which may return ""), or by nothing when describe is nil.
func enumOf(ids []string, describe func(id string) string) *Schema {
	s := &Schema{Type: "string"}
	descs := make([]string, len(ids))
	described := false
	for i, id := range ids {
		s.Enum = append(s.Enum, id)
		if describe != nil {
			descs[i] = describe(id)
		}
		described = described || descs[i] != ""
	}
	if described {
		s.EnumDescriptions = descs
	}
	return s
}

func intp(n int) *int { return &n }

// The docs of a schema derived from a loader's keys narrow the schema of
// each key, by its path (see fromKeys); these are the common ones.

// nonBlank is the pattern of text that must say something.
const nonBlank = `\S`

// describe gives a key its description.
func describe(desc string) func(*Schema) {
	return func(s *Schema) { s.Description = desc }
}

// text makes a key text that says something, with its description.
func text(desc string) func(*Schema) {
	return func(s *Schema) { s.Description, s.Pattern = desc, nonBlank }
}

// apiVersionDoc is the apiVersion key of every file.
func apiVersionDoc(s *Schema) { s.Description, s.Const = "The format's version.", soc.APIVersion }

// kindDoc is the kind key of a file of kind.
func kindDoc(kind string) func(*Schema) {
	return func(s *Schema) { s.Description, s.Const = "What this file is.", kind }
}

// reportsWhere lists the reports keep is true of, in report order, as
// the values of an enum.
func reportsWhere(keep func(report string) bool) []any {
	var out []any
	for _, r := range soc.Reports {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}
