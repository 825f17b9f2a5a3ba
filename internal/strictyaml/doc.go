// Package strictyaml reads hand-written YAML files strictly and reports
// every problem as FILE:LINE:COL with what would be valid, syntax errors
// included (go-yaml's messages are placed and reworded here), up to
// MaxProblems a file. It refuses what no profile or rule file needs (huge
// or binary files, several documents, anchors and aliases) so that reading
// is always fast and never surprising. A value from a file reaches a
// message through Quote: escaped, and only a short prefix of it.
// The questionnaire, the ruleset and vendor profiles are all read through it.
package strictyaml
