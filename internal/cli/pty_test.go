//go:build !windows

package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	expect "github.com/Netflix/go-expect"
	"github.com/creack/pty"
	"github.com/hinshun/vt10x"

	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/rules"
)

// Keys as a terminal sends them.
const (
	enter = "\r"
	space = " "
	up    = "\x1b[A"
	down  = "\x1b[B"
	ctrlC = "\x03"
	ctrlD = "\x04"
)

// runOnTerminal runs socpick with args on a pseudo-terminal while drive
// types at it, and returns the exit code and what went to stderr. What the
// terminal shows is checked by drive through the console.
func runOnTerminal(t *testing.T, args []string, drive func(c *expect.Console)) (int, string) {
	t.Helper()
	ptm, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	term := vt10x.New(vt10x.WithWriter(tty))
	c, err := expect.NewConsole(expect.WithStdin(ptm), expect.WithStdout(term), expect.WithCloser(ptm, tty),
		expect.WithDefaultTimeout(20*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		drive(c)
	}()
	// Whatever goes wrong in the dialogue, the test ends: closing the
	// terminal ends socpick's input.
	stop := time.AfterFunc(60*time.Second, func() {
		t.Error("the dialogue did not finish in 60s")
		c.Tty().Close()
	})
	defer stop.Stop()
	var stderr bytes.Buffer
	code := Run(args, TerminalStreams(c.Tty(), &stderr))
	c.Tty().Close()
	<-done
	return code, stderr.String()
}

// typeKeys types keys at the terminal. survey draws a prompt before it
// switches the terminal to raw mode, so keys typed the moment the prompt
// shows could reach the terminal in line mode and be lost: give it a moment.
func typeKeys(c *expect.Console, keys string) {
	time.Sleep(150 * time.Millisecond)
	c.Send(keys)
}

// expectStr waits for s on the terminal or fails the test.
func expectStr(t *testing.T, c *expect.Console, s string) {
	t.Helper()
	if out, err := c.ExpectString(s); err != nil {
		t.Errorf("waiting for %q: %v\nlast output:\n%s", s, err, tail(out))
	}
}

func tail(s string) string {
	if len(s) > 600 {
		return s[len(s)-600:]
	}
	return s
}

func TestQuestionnaireOnATerminal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "acme.yaml")
	code, stderr := runOnTerminal(t, []string{"advise", "--save", path}, func(c *expect.Console) {
		expectStr(t, c, "type ? for help")
		expectStr(t, c, "(1/15) What does your service do?")
		typeKeys(c, space+down+down+down+down+down+down+down+space+enter) // payroll, saas
		expectStr(t, c, "(2/15) Could an error")
		typeKeys(c, "?") // help on the question
		expectStr(t, c, "Read-only access to financial data usually does not count")
		typeKeys(c, up+up+enter) // from the default "Unsure" up to "Yes"
		expectStr(t, c, "(3/15) Are customers public companies")
		typeKeys(c, enter) // unsure
		expectStr(t, c, "(4/15) Does your service store")
		typeKeys(c, enter)                                     // yes (default)
		expectStr(t, c, "(5/16) Which kinds of customer data") // asked because of yes
		typeKeys(c, space+enter)                               // personal
		expectStr(t, c, "(6/16) Do customers or prospects")
		typeKeys(c, enter) // yes
		expectStr(t, c, "(7/16) Do you commit to uptime")
		typeKeys(c, up+enter) // yes
		expectStr(t, c, "(8/16) Do customers rely on your system")
		typeKeys(c, enter) // no
		expectStr(t, c, "(9/16) Do you want an assurance report")
		typeKeys(c, enter) // no
		expectStr(t, c, "(10/16) For how many months")
		typeKeys(c, "fourteen"+enter)
		expectStr(t, c, "is not a whole number")
		typeKeys(c, strings.Repeat("\x7f", 8)+"14"+enter)
		expectStr(t, c, "(11/16) Is this your first SOC examination?")
		typeKeys(c, down+enter) // no
		expectStr(t, c, "(12/16) Within how many months")
		typeKeys(c, enter) // 0
		expectStr(t, c, "(13/16) Has a customer or contract required a Type II")
		typeKeys(c, up+up+enter) // yes
		expectStr(t, c, "(14/16) Where are your customers?")
		typeKeys(c, space+enter) // us
		expectStr(t, c, "(15/16) Does your service rely on other providers")
		typeKeys(c, enter) // yes
		expectStr(t, c, "(16/16) Have you had a major change")
		typeKeys(c, enter) // no
		expectStr(t, c, "Vendor name for the profile")
		typeKeys(c, enter) // acme, from the file's name
		expectStr(t, c, "acme: SOC 1 Type II and SOC 2 Type II")
		expectStr(t, c, "Criteria: Security, Availability")
		c.ExpectEOF()
	})
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "saved the answers to "+path) {
		t.Errorf("stderr = %q", stderr)
	}
	qs, err := questionnaire.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Read(path, qs)
	if err != nil {
		t.Fatalf("the saved profile is not valid: %v", err)
	}
	want := map[string]any{"financial_reporting_impact": "yes", "sox_customers": "unsure", "controls_operating_months": 14,
		"first_examination": "no", "type2_required": "yes", "availability_commitments": "yes"}
	for k, v := range want {
		if p.Answers[k] != v {
			t.Errorf("saved %s = %v, want %v", k, p.Answers[k], v)
		}
	}
	if got := p.Answers["services"].([]string); strings.Join(got, ",") != "payroll,saas" || p.Name != "acme" || len(p.Answers) != 16 {
		t.Errorf("saved services %v, name %q, %d answers", got, p.Name, len(p.Answers))
	}
}

// step is a prompt to wait for and the keys to answer it with. Keys go one
// prompt at a time: survey may read ahead and drop keys typed early.
type step struct{ expect, keys string }

func TestCancelOnATerminal(t *testing.T) {
	first := step{"(1/15) What does your service do?", space + enter}
	for _, tt := range []struct {
		name  string
		steps []step
	}{
		{"Ctrl-C at a Select", []step{first, {"(2/15) Could an error", ctrlC}}},
		{"Ctrl-D at a MultiSelect", []step{{"(1/15) What does your service do?", ctrlD}}},
		{"Ctrl-D at an Input", []step{first, {"(2/15)", enter}, {"(3/15)", enter}, {"(4/15)", down + enter},
			{"(5/15)", enter}, {"(6/15)", enter}, {"(7/15)", enter}, {"(8/15)", enter},
			{"(9/15) For how many months", "1" + ctrlD}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "never.yaml")
			code, stderr := runOnTerminal(t, []string{"advise", "--save", path}, func(c *expect.Console) {
				for _, s := range tt.steps {
					expectStr(t, c, s.expect)
					typeKeys(c, s.keys)
				}
				c.ExpectEOF()
			})
			if code != ExitCancelled || stderr != "socpick: cancelled\n" {
				t.Errorf("exit %d, stderr %q; want 130 and one line", code, stderr)
			}
			if _, err := os.Stat(path); err == nil {
				t.Error("a profile was written though the user cancelled")
			}
		})
	}
}
