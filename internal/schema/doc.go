// Package schema owns the JSON Schemas (draft 2020-12) that `socpick schema`
// prints, so that an editor with a JSON Schema aware YAML language server
// (yaml-language-server, in VS Code, Neovim, Helix ...) validates and
// completes vendor profiles and rule files as they are typed.
//
// Nothing here is a hand-kept copy of a format. The profile schema's answer
// keys, allowed values, bounds and hover text come from the questionnaire of
// the ruleset in use, so a custom ruleset gets a schema for its own
// questions; the report, type and criteria ids come from package soc; the
// rules schema's keys come from the structs the rules loader decodes into
// (engine.RulesFileFormat) and its also-consider ids from the catalog. The
// schemas of a ruleset's other files take their keys from their loaders'
// structs too: test files from ruletest.FileFormat, the questions file from
// questionnaire.Question, the catalog from engine.Catalog; their ids (rules,
// sources, catalog items) from the ruleset in use. The profile loader's
// keys, and every loader's key at every level, are checked against the
// schemas by the tests.
//
// The schemas use only keywords that draft-07 validators understand too
// (no $ref, $defs or unevaluatedProperties), because editors' YAML language
// servers have long implemented draft-07 alone. What a schema cannot say
// (an expression that does not compile, a period_end before period_start, a
// report expected twice) is still the loaders' to report.
package schema
