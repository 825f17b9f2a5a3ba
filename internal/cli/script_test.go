package cli

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestScripts runs the scripts under testdata/script: socpick as a user
// runs it, a process per command, exit codes and stderr included. The
// scripts run a socpick built once for them, not the test binary: the test
// binary built with -race pauses a second at every exit and runs several
// times slower, which made these scripts most of the time of the whole
// test run. The in-process tests keep the race detector.
func TestScripts(t *testing.T) {
	bin, fixture := builtSocpick(t)
	testscript.Run(t, testscript.Params{
		Dir: "../../testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("PATH", filepath.Dir(bin)+string(os.PathListSeparator)+env.Getenv("PATH"))
			// Tests never depend on the developer's terminal or colour wishes.
			env.Setenv("NO_COLOR", "")
			// The repository, for scripts that run its files (the action's
			// scripts).
			repo, err := filepath.Abs(filepath.Join("..", ".."))
			if err != nil {
				return err
			}
			env.Setenv("REPO", repo)
			// The test ruleset, for scripts that say SOCPICK_RULES=fixture.
			return copyDir(fixture, filepath.Join(env.WorkDir, "fixture"))
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
			// mkfifo FILE makes a named pipe (a script that uses it
			// starts with [!unix] skip).
			"mkfifo": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: mkfifo FILE")
				}
				ts.Check(mkfifo(ts.MkAbs(args[0])))
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

// socpickOnce builds socpick once for every test of the package that runs
// it as a process; TestMain removes it.
var (
	socpickDir  string
	socpickOnce = sync.OnceValues(func() (string, error) {
		dir, err := os.MkdirTemp("", "socpick-test-")
		if err != nil {
			return "", err
		}
		socpickDir = dir
		bin := filepath.Join(dir, "socpick")
		if runtime.GOOS == "windows" {
			bin += ".exe"
		}
		if out, err := exec.Command("go", "build", "-o", bin, "github.com/socpick/socpick/cmd/socpick").CombinedOutput(); err != nil {
			return "", fmt.Errorf("%v\n%s", err, out)
		}
		return bin, nil
	})
)

func TestMain(m *testing.M) {
	code := m.Run()
	if socpickDir != "" {
		os.RemoveAll(socpickDir)
	}
	os.Exit(code)
}

// builtSocpick returns the socpick binary, built once and plain (no
// -race, whatever flags the tests were built with; the go command is the
// one running the tests, first on PATH), and the absolute path of the
// fixture ruleset.
func builtSocpick(t *testing.T) (bin, fixture string) {
	t.Helper()
	bin, err := socpickOnce()
	if err != nil {
		t.Fatalf("building socpick: %v", err)
	}
	if fixture, err = filepath.Abs(fixtureDir); err != nil {
		t.Fatal(err)
	}
	return bin, fixture
}

// copyDir copies the files of the directory src into dst, which it makes.
func copyDir(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
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
