// Package rules holds socpick's default ruleset: the questions, the rules and
// the report catalog, as YAML embedded in the binary. The same loader reads
// this FS or a user's directory, so custom rules take the same path.
package rules

import "embed"

// FS is the default ruleset.
//
//go:embed *.yaml
var FS embed.FS
