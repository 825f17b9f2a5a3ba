package cli

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the scripts under testdata/script run socpick as a command
// of its own, in a fresh process, as a user runs it.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"socpick": func() { os.Exit(Main()) },
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "../../testdata/script",
		Setup: func(env *testscript.Env) error {
			// Tests never depend on the developer's terminal or colour wishes.
			env.Setenv("NO_COLOR", "")
			return nil
		},
	})
}
