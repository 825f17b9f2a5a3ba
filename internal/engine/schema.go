package engine

import (
	"reflect"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/strictyaml"
)

// Key is one key of a mapping in a rules file, as the loader reads it.
type Key struct {
	// Name is the key as written in the file.
	Name string
	// Required says the loader reports the key's absence.
	Required bool
	// Type is the Go type the loader decodes the value into: string, int,
	// bool, *yaml.Node (text the loader compiles itself: a condition, a
	// reason, a next step), a slice of these, or a struct (pointer) or
	// slice of structs for a mapping or a list of mappings, whose keys are
	// then in Keys.
	Type reflect.Type
	// Keys are the keys of the nested mapping, or of each mapping of a
	// list; nil for any other value.
	Keys []Key
}

// RulesFileFormat returns the keys of a rules file (*.rules.yaml) in the
// order the loader declares them, each rule's keys and its type mapping's
// keys nested under them. It is read from the very structs the loader
// decodes into, so that what is derived from it (the rules schema) cannot
// drift from what the loader accepts.
func RulesFileFormat() []Key { return keysOf(reflect.TypeFor[rulesFile]()) }

// AlsoConsiderIDs returns the ids of the catalog's also-consider items, in
// catalog order: the values a rule's also_consider may name.
func (c *Catalog) AlsoConsiderIDs() []string { return entryIDs(c.AlsoConsider) }

// ObligationIDs returns the ids of the catalog's obligations, in catalog
// order: the values a rule's obligations may name.
func (c *Catalog) ObligationIDs() []string { return entryIDs(c.Obligations) }

var (
	nodeType   = reflect.TypeFor[*yaml.Node]()
	posType    = reflect.TypeFor[strictyaml.Pos]()
	keyPosType = reflect.TypeFor[map[string]strictyaml.Pos]()
)

// keysOf reads the keys of struct type t the way strictyaml.Decode does;
// Pos and KeyPos receive positions, not keys.
func keysOf(t reflect.Type) []Key {
	var keys []Key
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Type == posType || f.Type == keyPosType {
			continue
		}
		name, required, ok := strictyaml.KeyOf(f)
		if !ok {
			continue
		}
		k := Key{Name: name, Required: required, Type: f.Type}
		if elem := mappingType(f.Type); elem != nil {
			k.Keys = keysOf(elem)
		}
		keys = append(keys, k)
	}
	return keys
}

// mappingType returns the struct type a value of type t is decoded into
// when it is a mapping or a list of mappings, or nil.
func mappingType(t reflect.Type) reflect.Type {
	if t == nodeType {
		return nil
	}
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
		if t == nodeType {
			return nil
		}
	}
	if t.Kind() == reflect.Struct {
		return t
	}
	return nil
}
