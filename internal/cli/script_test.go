package cli

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
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
			// junit FILE parses FILE as JUnit XML, as CI readers do, and
			// prints the suite's counts and one line per testcase:
			// "case NAME FILE:LINE pass|failure(TYPE) MESSAGE|error(TYPE) MESSAGE".
			"junit": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: junit FILE")
				}
				ts.Stdout().Write([]byte(junitSummary(ts, ts.ReadFile(args[0]))))
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

// junitSummary reads a JUnit report the way CI's JUnit readers do: a
// testsuites root, testsuites, testcases with at most a failure or an
// error each.
func junitSummary(ts *testscript.TestScript, data string) string {
	type problem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
	var doc struct {
		XMLName xml.Name `xml:"testsuites"`
		Tests   int      `xml:"tests,attr"`
		Suites  []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Errors   int    `xml:"errors,attr"`
			Cases    []struct {
				Name    string   `xml:"name,attr"`
				File    string   `xml:"file,attr"`
				Line    int      `xml:"line,attr"`
				Failure *problem `xml:"failure"`
				Error   *problem `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(data), &doc); err != nil {
		ts.Fatalf("not JUnit XML: %v", err)
	}
	var b bytes.Buffer
	for _, s := range doc.Suites {
		fmt.Fprintf(&b, "suite %q tests=%d failures=%d errors=%d\n", s.Name, s.Tests, s.Failures, s.Errors)
		if len(s.Cases) != s.Tests {
			ts.Fatalf("suite %s: tests=%d but %d testcases", s.Name, s.Tests, len(s.Cases))
		}
		for _, c := range s.Cases {
			outcome := "pass"
			if p := c.Failure; p != nil {
				outcome = "failure(" + p.Type + ") " + p.Message
			}
			if p := c.Error; p != nil {
				outcome = "error(" + p.Type + ") " + p.Message
			}
			fmt.Fprintf(&b, "case %s %s:%d %s\n", c.Name, c.File, c.Line, outcome)
		}
	}
	return b.String()
}
