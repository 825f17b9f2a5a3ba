// Package strictyaml reads hand-written YAML files strictly and reports
// every problem as FILE:LINE:COL with what would be valid. It refuses what
// no profile or rule file needs (huge or binary files, several documents,
// anchors and aliases) so that reading is always fast and never surprising.
// The questionnaire, the ruleset and vendor profiles are all read through it.
package strictyaml
