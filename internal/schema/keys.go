package schema

import (
	"reflect"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/strictyaml"
)

var (
	posType    = reflect.TypeFor[strictyaml.Pos]()
	keyPosType = reflect.TypeFor[map[string]strictyaml.Pos]()
)

// keysOf reads the keys of a mapping the loader decodes into struct type
// t, as strictyaml.Decode does (engine.RulesFileFormat does the same for
// rules files): tagged fields are keys, Pos and KeyPos receive positions.
// A key whose value is a mapping, or a list of mappings, has their keys.
func keysOf(t reflect.Type) []engine.Key {
	var keys []engine.Key
	for f := range t.Fields() {
		if f.Type == posType || f.Type == keyPosType {
			continue
		}
		name, required, ok := strictyaml.KeyOf(f)
		if !ok {
			continue
		}
		k := engine.Key{Name: name, Required: required, Type: f.Type}
		elem := f.Type
		for elem.Kind() == reflect.Pointer || elem.Kind() == reflect.Slice {
			elem = elem.Elem()
		}
		if elem.Kind() == reflect.Struct && elem != nodeType.Elem() {
			k.Keys = keysOf(elem)
		}
		keys = append(keys, k)
	}
	return keys
}

// fromStruct is the schema of a mapping the loader decodes into struct
// type t, narrowed by docs under path.
func fromStruct(t reflect.Type, path string, docs map[string]func(*Schema)) *Schema {
	return fromKeys(keysOf(t), path, docs)
}
