// Package engine loads a ruleset (questions, rules and report catalog, from
// any fs.FS), compiles every condition once against the typed answers, and
// evaluates answers into a Decision with the trace of the rules that fired.
// Evaluation is pure: no I/O, no clock, no globals.
//
// Go evaluates; the YAML decides. Which reports, types and criteria a vendor
// needs is in the rules; what settles their outcomes beyond priority is in
// the catalog: which type wins a tie between rules of the same priority
// (type_preference) and the criteria a report must include
// (required_criteria). A catalog written before those two keys existed
// gets the format's defaults for them (DefaultTypePreference,
// DefaultRequiredCriteria), so that it decides as it did then; the default
// catalog states both. What stays in Go is what the rule format itself
// means, in socpick's vocabulary (package soc): a type is one of
// soc.Types; an interim step is a Type I before a Type II, which is what
// the interim key says; criteria apply to the reports soc.HasCriteria names
// (SOC 2 and SOC 3); and outputs list reports and criteria in the
// order of docs/formats.md.
//
// A condition is compiled to an expr program and, where its form allows, to
// Go closures that give the program's answer without running expr's
// machine (see condition.go): conditions are most of an evaluation's cost.
package engine
