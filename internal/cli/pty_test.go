//go:build !windows

package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
	"golang.org/x/term"

	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/prompt"
	"github.com/socpick/socpick/internal/questionnaire"
)

// Keys as a terminal sends them.
const (
	enter     = "\r"
	space     = " "
	up        = "\x1b[A"
	down      = "\x1b[B"
	backspace = "\x7f"
	ctrlC     = "\x03"
	ctrlD     = "\x04"
)

// screenWait is how long the screen may take to show what a test waits
// for: the dialogue answers in milliseconds, so a screen that is not what
// the test expects fails it in seconds, showing what is there instead.
const screenWait = 5 * time.Second

// terminal is socpick running on a pseudo-terminal, drawn on a virtual
// screen (vt10x) that the test reads, with keys the test types. Options are
// found by their labels on the screen, never by their positions.
type terminal struct {
	t      *testing.T
	tty    *os.File // the terminal socpick reads and draws on
	keys   *keyboard
	screen vt10x.Terminal
	// cooked is the terminal's mode before socpick ran. survey switches the
	// terminal to raw mode once a prompt is drawn and reads keys only
	// then: keys typed before would be read in line mode, and lost.
	cooked *term.State

	done   chan struct{}
	code   int
	stderr bytes.Buffer
	// stdout is socpick's output when it is piped away (pipeOut).
	stdout bytes.Buffer
}

// startOnTerminal runs socpick with args on a pseudo-terminal of 80
// columns and 100 rows, tall enough that nothing of a dialogue scrolls away.
func startOnTerminal(t *testing.T, args ...string) *terminal {
	t.Helper()
	return startOn(t, terminalSetup{cols: 80, rows: 100}, args...)
}

// terminalSetup is the terminal a test runs socpick on: its size, and
// whether standard output is piped away from it (socpick advise >
// advice.json), standard error staying on it.
type terminalSetup struct {
	cols, rows uint16
	pipeOut    bool
}

func startOn(t *testing.T, setup terminalSetup, args ...string) *terminal {
	t.Helper()
	ptm, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	if ptm, err = pollable(ptm); err != nil {
		t.Fatal(err)
	}
	cols, rows := setup.cols, setup.rows
	if err := pty.Setsize(tty, &pty.Winsize{Cols: cols, Rows: rows}); err != nil {
		t.Fatal(err)
	}
	cooked, err := term.GetState(int(tty.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	// The screen answers socpick's questions about it (where the cursor
	// is) as a terminal does, on socpick's input.
	keys := &keyboard{ptm: ptm}
	tm := &terminal{t: t, tty: tty, keys: keys, cooked: cooked, done: make(chan struct{}),
		screen: vt10x.New(vt10x.WithWriter(keys), vt10x.WithSize(int(cols), int(rows)))}
	drawn := make(chan struct{})
	go func() { // draws what socpick writes, until the terminal closes
		defer close(drawn)
		r := bufio.NewReader(ptm)
		for {
			if err := tm.screen.Parse(r); err != nil {
				return
			}
		}
	}()
	// socpick's own prompter, survey, on the terminal, reading it through
	// input (TestPrompterIsSurveyOnATerminal tests that it is the one
	// socpick makes).
	ios := TerminalStreams(tty, &tm.stderr)
	ios.prompter = prompt.NewSurvey(input{tty, keys}, tty, &tm.stderr)
	if setup.pipeOut {
		ios = &IOStreams{In: tty, Out: &tm.stdout, ErrOut: tty, inTTY: true, errTTY: true}
		ios.prompter = prompt.NewSurvey(input{tty, keys}, tty, tty)
	}
	go func() {
		defer close(tm.done)
		tm.code = Run(append([]string{"--rules", fixtureDir}, args...), ios)
	}()
	// Whatever goes wrong in the dialogue, socpick ends: closing the
	// terminal's other end hangs it up, which ends socpick's input.
	t.Cleanup(func() {
		ptm.Close()
		<-drawn
		select {
		case <-tm.done:
		case <-time.After(screenWait):
			t.Error("socpick did not end when its terminal hung up")
		}
		tty.Close()
	})
	return tm
}

// pollable returns f, the terminal's other end, read through the runtime's
// poller: pty.Open leaves it in blocking mode, where closing it waits for a
// read in progress, so that it could not end the screen's reading nor hang
// up the terminal when a test fails midway.
func pollable(f *os.File) (*os.File, error) {
	defer f.Close()
	fd, err := syscall.Dup(int(f.Fd()))
	if err != nil {
		return nil, err
	}
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}

// keyboard is socpick's input: the keys the test types, and the screen's
// answers to socpick's questions about the cursor, which survey asks
// before it reads a line. survey reads an answer with a reader of its own
// that drops whatever came in with it: a key is never typed while an
// answer is still to be read.
type keyboard struct {
	mu      sync.Mutex
	ptm     *os.File
	written int64 // bytes written, under mu
	read    atomic.Int64
}

// Write sends the screen's answer and waits, a while at most, until
// socpick has read it.
func (k *keyboard) Write(p []byte) (int, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	n, err := k.ptm.Write(p)
	k.written += int64(n)
	for deadline := time.Now().Add(screenWait); k.read.Load() < k.written && time.Now().Before(deadline); {
		time.Sleep(50 * time.Microsecond)
	}
	return n, err
}

func (k *keyboard) press(keys string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	n, err := k.ptm.WriteString(keys)
	k.written += int64(n)
	return err
}

// input is the terminal as socpick reads it, counting what it reads.
type input struct {
	*os.File
	k *keyboard
}

func (in input) Read(p []byte) (int, error) {
	n, err := in.File.Read(p)
	in.k.read.Add(int64(n))
	return n, err
}

// waitFor waits until the screen shows text and socpick reads keys, or
// fails the test with the screen.
func (tm *terminal) waitFor(text string) {
	tm.t.Helper()
	tm.until("the screen to show "+text+" and socpick to read keys", func(s string) bool {
		return strings.Contains(s, text) && tm.reading()
	})
}

// until polls the screen until ok holds for it; it fails the test with the
// screen after screenWait.
func (tm *terminal) until(what string, ok func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(screenWait)
	for {
		s := tm.screen.String()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waited %v for %s; the screen:\n%s", screenWait, what, trimScreen(s))
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// reading reports whether socpick reads keys from the terminal: its mode
// is survey's raw mode, not the line mode it had before.
func (tm *terminal) reading() bool {
	st, err := term.GetState(int(tm.tty.Fd()))
	return err == nil && *st != *tm.cooked
}

// press types keys at the terminal.
func (tm *terminal) press(keys string) {
	tm.t.Helper()
	if err := tm.keys.press(keys); err != nil {
		tm.t.Fatal(err)
	}
}

// option is one option of the list on the screen.
type option struct {
	label           string
	focused, ticked bool
}

// options reads the options of the prompt being asked: the lines after the
// last question line ("? ...", maybe wrapped over several) and its hint
// ("[space: tick, ...]", maybe wrapped too).
func options(screen string) []option {
	lines := strings.Split(screen, "\n")
	last := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "? ") {
			last = i
		}
	}
	if last < 0 {
		return nil
	}
	for last+1 < len(lines) && !strings.HasSuffix(strings.TrimRight(lines[last], " "), "]") {
		last++ // the question's other lines, then the hint's
	}
	var opts []option
	for _, l := range lines[last+1:] {
		l = strings.TrimRight(l, " ")
		if l == "" {
			break
		}
		o := option{focused: strings.HasPrefix(l, ">")}
		rest := strings.TrimSpace(strings.TrimPrefix(l, ">"))
		if r, ok := strings.CutPrefix(rest, "[x]"); ok {
			o.ticked, rest = true, r
		} else {
			rest = strings.TrimPrefix(rest, "[ ]")
		}
		o.label, _, _ = strings.Cut(strings.TrimSpace(rest), " - ")
		opts = append(opts, o)
	}
	return opts
}

// focus moves the list's cursor to the option labelled label, a key at a
// time, reading the screen after each.
func (tm *terminal) focus(label string) option {
	tm.t.Helper()
	for range 30 {
		s := tm.screen.String()
		opts := options(s)
		at, want := -1, -1
		for i, o := range opts {
			if o.focused {
				at = i
			}
			if o.label == label {
				want = i
			}
		}
		switch {
		case want >= 0 && want == at:
			return opts[at]
		case at < 0:
			tm.t.Fatalf("no option has the cursor; the screen:\n%s", trimScreen(s))
		case want >= 0 && want < at:
			tm.press(up)
		default: // below, or further down a list longer than a page
			tm.press(down)
		}
		tm.until("the cursor to move from "+opts[at].label, func(s string) bool {
			for _, o := range options(s) {
				if o.focused {
					return o.label != opts[at].label
				}
			}
			return false
		})
	}
	tm.t.Fatalf("no option %q found; the screen:\n%s", label, trimScreen(tm.screen.String()))
	return option{}
}

// choose answers a Select with the option labelled label.
func (tm *terminal) choose(label string) {
	tm.t.Helper()
	tm.focus(label)
	tm.press(enter)
}

// tick answers a MultiSelect with the options labelled labels, and no
// other.
func (tm *terminal) tick(labels ...string) {
	tm.t.Helper()
	for _, o := range options(tm.screen.String()) {
		if o.ticked && !slices.Contains(labels, o.label) {
			tm.toggle(o.label, false)
		}
	}
	for _, label := range labels {
		tm.toggle(label, true)
	}
	tm.press(enter)
}

// toggle ticks or unticks the option labelled label.
func (tm *terminal) toggle(label string, ticked bool) {
	tm.t.Helper()
	if tm.focus(label).ticked == ticked {
		return
	}
	tm.press(space)
	tm.until(fmt.Sprintf("%s to be ticked: %v", label, ticked), func(s string) bool {
		for _, o := range options(s) {
			if o.label == label {
				return o.ticked == ticked
			}
		}
		return false
	})
}

// exit waits for socpick to exit and returns its exit code and what it
// wrote to stderr.
func (tm *terminal) exit() (int, string) {
	tm.t.Helper()
	select {
	case <-tm.done:
	case <-time.After(screenWait):
		tm.t.Fatalf("socpick did not exit; the screen:\n%s", trimScreen(tm.screen.String()))
	}
	return tm.code, tm.stderr.String()
}

// trimScreen drops the screen's empty lines at the end.
func trimScreen(s string) string {
	lines := strings.Split(s, "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// On a terminal, socpick asks with survey, reading and drawing on it.
func TestPrompterIsSurveyOnATerminal(t *testing.T) {
	_, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer tty.Close()
	if _, ok := TerminalStreams(tty, nil).Prompter().(*prompt.Survey); !ok {
		t.Error("no survey prompter on a terminal")
	}
}

// The whole dialogue on a terminal, on the fixture ruleset: lists and
// choices answered by label, help on '?', a question that appears on an
// earlier answer and counts in the progress, a bad number asked again, the
// vendor's name, then the advice and the saved profile.
func TestQuestionnaireOnATerminal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "acme.yaml")
	tm := startOnTerminal(t, "advise", "--save", path)
	tm.waitFor("type ? for help")
	tm.waitFor("(1/5) What does your service do?")
	tm.tick("Payroll", "SaaS")
	tm.waitFor("(2/5) Could an error")
	tm.press("?")
	tm.waitFor("Read-only access to financial data does not count")
	tm.choose("Yes") // the default is Unsure
	tm.waitFor("(3/5) Does your service store")
	tm.choose("Yes")
	tm.waitFor("(4/6) Which kinds of customer data") // asked because of yes
	tm.tick("Personal data", "Health data")
	tm.waitFor("(5/6) For how many months")
	tm.press("fourteen" + enter)
	tm.waitFor("is not a whole number")
	tm.press(strings.Repeat(backspace, len("fourteen")) + "14" + enter)
	tm.waitFor("(6/6) Has a customer or contract required a Type II")
	tm.choose("Yes")
	tm.waitFor("Are these answers right?")
	review := tm.screen.String()
	for _, want := range []string{"Your answers (6 questions):", "→ Payroll and SaaS", "→ Personal data and Health data", "→ 14"} {
		if !strings.Contains(review, want) {
			t.Errorf("the review screen does not show %q:\n%s", want, trimScreen(review))
		}
	}
	tm.choose("Yes: give me the advice")
	tm.waitFor("The vendor's name")
	tm.press(enter) // acme, from the file's name
	tm.until("the advice", func(s string) bool {
		return strings.Contains(s, "acme: SOC 1 Type II and SOC 2 Type II") && strings.Contains(s, "Criteria: Security, Privacy")
	})
	code, stderr := tm.exit()
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "saved the answers to "+path) {
		t.Errorf("stderr = %q", stderr)
	}
	qs, err := questionnaire.Load(os.DirFS(fixtureDir))
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Read(path, qs)
	if err != nil {
		t.Fatalf("the saved profile is not valid: %v", err)
	}
	want := questionnaire.Answers{"services": []string{"payroll", "saas"}, "financial_reporting_impact": "yes", "customer_data": "yes",
		"data_types": []string{"personal", "health"}, "controls_operating_months": 14, "type2_required": "yes"}
	if p.Name != "acme" || !reflect.DeepEqual(p.Answers, want) {
		t.Errorf("saved %q %v, want acme %v", p.Name, p.Answers, want)
	}
}

// Ctrl-C, or Ctrl-D (end of input), at any kind of prompt cancels: exit 130,
// one line on stderr, and nothing saved.
func TestCancelOnATerminal(t *testing.T) {
	for _, tt := range []struct {
		name string
		// keys answers the prompts up to the one to cancel at.
		keys   func(tm *terminal)
		cancel string
	}{
		{"Ctrl-C at a Select", func(tm *terminal) {
			tm.waitFor("(1/5) What does your service do?")
			tm.tick("SaaS")
			tm.waitFor("(2/5) Could an error")
		}, ctrlC},
		{"Ctrl-D at a MultiSelect", func(tm *terminal) {
			tm.waitFor("(1/5) What does your service do?")
		}, ctrlD},
		{"Ctrl-D at an Input", func(tm *terminal) {
			tm.waitFor("(1/5) What does your service do?")
			tm.tick("SaaS")
			tm.waitFor("(2/5) Could an error")
			tm.choose("No")
			tm.waitFor("(3/5) Does your service store")
			tm.choose("No")
			tm.waitFor("(4/5) For how many months")
			tm.press("1")
			tm.waitFor("(0) 1")
		}, ctrlD},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "never.yaml")
			tm := startOnTerminal(t, "advise", "--save", path)
			tt.keys(tm)
			tm.press(tt.cancel)
			code, stderr := tm.exit()
			if code != ExitCancelled || stderr != "socpick: cancelled\n" {
				t.Errorf("exit %d, stderr %q; want 130 and one line", code, stderr)
			}
			if _, err := os.Stat(path); err == nil {
				t.Error("a profile was written though the user cancelled")
			}
		})
	}
}

// chooseStarting answers a Select with the option whose label starts with
// prefix (the review's "3. Does your service ..." list).
func (tm *terminal) chooseStarting(prefix string) {
	tm.t.Helper()
	var label string
	tm.until("an option starting with "+prefix, func(s string) bool {
		for _, o := range options(s) {
			if strings.HasPrefix(o.label, prefix) {
				label = o.label
				return true
			}
		}
		return false
	})
	tm.choose(label)
}

// answerAll answers the fixture's questions, customer data yes or no.
func answerAll(tm *terminal, customerData string) {
	tm.t.Helper()
	tm.waitFor("What does your service do?")
	tm.tick("SaaS")
	tm.waitFor("Could an error")
	tm.choose("No")
	tm.waitFor("Does your service store")
	tm.choose(customerData)
	if customerData == "Yes" {
		tm.waitFor("Which kinds of customer data")
		tm.tick("Personal data")
	}
	tm.waitFor("For how many months")
	tm.press("3" + enter)
	tm.waitFor("Has a customer or contract required a Type II")
	tm.choose("No")
	tm.waitFor("Are these answers right?")
}

// The review screen: an answer changed without starting over; the
// follow-up question it takes away leaves the answers, and comes back,
// asked, when the answer is changed back.
func TestReviewChangesAnAnswer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "acme.yaml")
	tm := startOnTerminal(t, "advise", "--save", path)
	answerAll(tm, "Yes")
	if s := tm.screen.String(); !strings.Contains(s, "Your answers (6 questions)") || !strings.Contains(s, "→ Personal data") {
		t.Fatalf("review:\n%s", trimScreen(s))
	}
	tm.choose("Change an answer")
	tm.waitFor("Which answer?")
	tm.chooseStarting("3. Does your service store")
	tm.waitFor("? Does your service store")
	tm.choose("No")
	tm.until("the review without the data types", func(s string) bool {
		return strings.Count(s, "Your answers (5 questions)") == 1 && strings.Count(s, "Are these answers right?") == 2 && tm.reading()
	})
	tm.choose("Change an answer")
	tm.until("the second Which answer?", func(s string) bool {
		return strings.Count(s, "? Which answer?") == 2 && tm.reading()
	})
	tm.chooseStarting("3. Does your service store")
	tm.until("the question asked again", func(s string) bool {
		return strings.Count(s, "? Does your service store") == 2 && tm.reading()
	})
	tm.choose("Yes")
	tm.waitFor("(1/1) Which kinds of customer data") // it joins again, asked
	tm.tick("Health data")
	tm.until("the third review", func(s string) bool {
		return strings.Count(s, "Are these answers right?") == 3 && tm.reading()
	})
	if s := tm.screen.String(); !strings.Contains(s[strings.LastIndex(s, "Your answers"):], "→ Health data") {
		t.Errorf("the last review does not show the new answer:\n%s", trimScreen(s))
	}
	tm.choose("Yes: give me the advice")
	tm.waitFor("The vendor's name")
	tm.press(enter)
	if code, stderr := tm.exit(); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	qs, err := questionnaire.Load(os.DirFS(fixtureDir))
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Read(path, qs)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Answers["data_types"], []string{"health"}) || p.Answers["customer_data"] != "yes" {
		t.Errorf("saved %v, want the changed answers", p.Answers)
	}
}

// A list with an option that excludes the others: ticking it with another
// says which to untick and keeps both ticked, so that one key fixes it.
func TestExclusiveOptionKeepsTheChoices(t *testing.T) {
	tm := startOnTerminal(t, "advise")
	tm.waitFor("What does your service do?")
	tm.tick("SaaS")
	tm.waitFor("Could an error")
	tm.choose("No")
	tm.waitFor("Does your service store")
	tm.choose("Yes")
	tm.waitFor("Which kinds of customer data")
	tm.toggle("Personal data", true)
	tm.toggle("None of these", true)
	tm.press(enter)
	// survey draws the error, then the whole list again under it, down to
	// its last option.
	screen := tm.until("the error and the list under it", func(s string) bool {
		opts := options(s)
		return strings.Contains(s, "untick it, or untick Personal data") &&
			len(opts) > 0 && opts[len(opts)-1].label == "None of these"
	})
	ticked := 0
	for _, o := range options(screen) {
		if o.ticked {
			ticked++
		}
	}
	if ticked != 2 {
		t.Errorf("%d options ticked after the error, want the 2 chosen:\n%s", ticked, trimScreen(screen))
	}
	tm.toggle("None of these", false)
	tm.press(enter)
	tm.waitFor("For how many months")
}

// socpick advise --format json > advice.json on a terminal: the questions
// are asked on the terminal (standard error), the advice goes to the file.
func TestAskWhileOutputIsPiped(t *testing.T) {
	tm := startOn(t, terminalSetup{cols: 80, rows: 100, pipeOut: true}, "advise", "--format", "json")
	answerAll(tm, "No")
	tm.choose("Yes: give me the advice")
	tm.waitFor("Save these answers")
	tm.press("n" + enter)
	if code, _ := tm.exit(); code != 0 {
		t.Fatalf("exit %d; the screen:\n%s", code, trimScreen(tm.screen.String()))
	}
	var advice struct{ Kind string }
	if err := json.Unmarshal(tm.stdout.Bytes(), &advice); err != nil || advice.Kind != "Recommendation" {
		t.Errorf("standard output is not the advice alone (%v):\n%s", err, tm.stdout.String())
	}
	if strings.Contains(tm.stdout.String(), "Are these answers right?") {
		t.Error("the questions went to standard output")
	}
}

// At 60 and 40 columns, the introduction, questions, key hints and help
// wrap at spaces: every word of them is whole on the screen.
func TestHelpWrapsAtWordsOnNarrowTerminals(t *testing.T) {
	qs, err := questionnaire.Load(os.DirFS(fixtureDir))
	if err != nil {
		t.Fatal(err)
	}
	q := qs.Lookup("financial_reporting_impact")
	text := "socpick recommends the SOC reports your service needs. 5 questions to answer, more or fewer as your answers call for; type ? for help on one, Ctrl-C to quit. " +
		q.Help + " (2/5) " + q.Prompt + " [arrows: move, enter: choose, type: filter, ?: help]"
	// A subtest per width: its socpick ends (its terminal hangs up) before
	// the next starts, as prompts in one process take turns.
	for _, cols := range []uint16{60, 40} {
		t.Run(fmt.Sprintf("%d columns", cols), func(t *testing.T) {
			tm := startOn(t, terminalSetup{cols: cols, rows: 100}, "advise")
			tm.waitFor("What does your service do?")
			tm.tick("SaaS")
			tm.waitFor("Could an error")
			tm.press("?")
			tm.waitFor("Read-only access")
			screen := tm.screen.String()
			lines := strings.Split(screen, "\n")
			for _, w := range strings.Fields(text) {
				whole := false
				for _, l := range lines {
					if slices.Contains(strings.Fields(l), w) {
						whole = true
						break
					}
				}
				if !whole {
					t.Errorf("%q is broken across lines:\n%s", w, trimScreen(screen))
				}
			}
		})
	}
}
