// Command socpick tells a service organization which SOC report it needs.
package main

import (
	"os"

	"github.com/socpick/socpick/internal/cli"
)

func main() { os.Exit(cli.Main()) }
