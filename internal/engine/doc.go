// Package engine loads a ruleset (questions, rules and report catalog, from
// any fs.FS), compiles every condition once against the typed answers, and
// evaluates answers into a Decision with the trace of the rules that fired.
// Evaluation is pure: no I/O, no clock, no globals. Go evaluates; the YAML
// decides: there is no SOC logic in this package.
package engine
