// Command startupfloor links socpick's dependencies and does nothing: the
// cost of starting a process that carries them, which no change to
// socpick's own code can go below. BenchmarkStartup runs it.
package main

import (
	_ "github.com/AlecAivazis/survey/v2"
	_ "github.com/expr-lang/expr"
	_ "github.com/spf13/cobra"
	_ "go.yaml.in/yaml/v3"
	_ "golang.org/x/term"
)

func main() {}
