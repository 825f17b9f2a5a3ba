package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strconv"
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
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// exits N PROGRAM ARGS... runs a program, like exec, and checks
			// that its exit code is N (! exec accepts any failure).
			"exits": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exits CODE PROGRAM [ARGS...]")
				}
				want, err := strconv.Atoi(args[0])
				ts.Check(err)
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var exit *exec.ExitError
					if !errors.As(err, &exit) {
						ts.Fatalf("%v", err)
					}
					got = exit.ExitCode()
				}
				if got != want {
					ts.Fatalf("exit code %d, want %d", got, want)
				}
			},
			// binfile FILE writes bytes that are not text.
			"binfile": func(ts *testscript.TestScript, neg bool, args []string) {
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte{0x7f, 'E', 'L', 'F', 0, 0xff, 0xfe, 0}, 0o644))
			},
			// bigfile FILE N writes a YAML file of N MiB.
			"bigfile": func(ts *testscript.TestScript, neg bool, args []string) {
				n, err := strconv.Atoi(args[1])
				ts.Check(err)
				line := []byte("# padding padding padding padding padding padding padding padding\n")
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), bytes.Repeat(line, n<<20/len(line)+1), 0o644))
			},
		},
	})
}
