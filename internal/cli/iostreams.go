package cli

import (
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/socpick/socpick/internal/prompt"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/render"
)

// IOStreams holds the standard streams, whether each is a terminal, and
// whether colour is on: decided once, so commands never look at os.Stdout.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	inTTY, outTTY, errTTY bool
	// outPipe is true when standard output is a pipe (to a pager, grep,
	// jq ...), whose reader may share the terminal.
	outPipe bool
	// inCI is true under a CI service (CI set and not empty), whose logs
	// keep every byte: no progress indicator there.
	inCI bool
	// noColorEnv is NO_COLOR set and not empty, or TERM=dumb: no colour
	// on the terminal. forceColorEnv is CLICOLOR_FORCE set and not "0":
	// colour even when output is piped (a CI log that shows colour).
	noColorEnv, forceColorEnv bool
	colorDisabled             bool
	// gogcEnv is true when GOGC is set: the user tunes the collector.
	gogcEnv bool
	// env holds the SOCPICK_* settings of the environment (see
	// settingsEnv), read once; nil in tests that give none.
	env map[string]string
	// workDir is where .socpick.yaml is looked for (and up to the
	// repository's root); "" looks nowhere (tests that give none).
	workDir string
	// width is the terminal's width in columns, when Out is a terminal.
	width int
	// prompter, when set, replaces the terminal's prompter (tests).
	prompter prompt.Prompter
}

// System returns the process's streams.
func System() *IOStreams {
	s := &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		inTTY: isTerminal(os.Stdin), outTTY: isTerminal(os.Stdout), errTTY: isTerminal(os.Stderr),
		outPipe: isPipe(os.Stdout),
		inCI:    os.Getenv("CI") != "",
		// no-color.org: a NO_COLOR that is set and not empty; a dumb
		// terminal does not know the escape codes.
		noColorEnv:    os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb",
		forceColorEnv: os.Getenv("CLICOLOR_FORCE") != "" && os.Getenv("CLICOLOR_FORCE") != "0",
		gogcEnv:       os.Getenv("GOGC") != "", // as the runtime reads it: empty is unset
		env:           map[string]string{},
	}
	for _, name := range settingsEnv {
		if v, ok := os.LookupEnv(name); ok {
			s.env[name] = v
		}
	}
	if wd, err := os.Getwd(); err == nil {
		s.workDir = wd
	}
	if s.outTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			s.width = w
		}
	}
	return s
}

// isTerminal reports whether f is a terminal. A character device is not
// enough: /dev/null is one.
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

func isPipe(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeNamedPipe != 0
}

// CanPrompt is true when standard input is a terminal and there is a
// terminal to draw the questions on: standard output, or standard error
// when the output is piped or redirected (socpick advise --format json >
// advice.json), as gh and fzf do.
func (s *IOStreams) CanPrompt() bool { return s.inTTY && (s.outTTY || s.errTTY) }

// promptOut is the terminal the questions are drawn on: standard output,
// or standard error when the output goes elsewhere; nil when neither is a
// terminal.
func (s *IOStreams) promptOut() io.Writer {
	switch {
	case s.outTTY:
		return s.Out
	case s.errTTY:
		return s.ErrOut
	}
	return nil
}

// promptWidth is the width of the terminal the questions are drawn on, 0
// when it does not say.
func (s *IOStreams) promptWidth() int {
	if f, ok := s.promptOut().(*os.File); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			return w
		}
	}
	return s.width
}

// ColorEnabled reports whether output to Out may use colour. --no-color
// always wins; then CLICOLOR_FORCE turns colour on, even when Out is not a
// terminal (as gh does, it outranks NO_COLOR: both are wishes, forcing is
// the more specific); otherwise colour needs a terminal, no NO_COLOR and
// a TERM that is not dumb.
func (s *IOStreams) ColorEnabled() bool {
	if s.colorDisabled || s.noColorEnv && !s.forceColorEnv {
		return false
	}
	return s.outTTY || s.forceColorEnv
}

// terminalWidth is the width of the terminal Out is, in columns, or 0
// when Out is not a terminal (or it does not say): render then wraps at
// its default, 80.
func (s *IOStreams) terminalWidth() int {
	if s.outTTY {
		return s.width
	}
	return 0
}

// ShowProgress reports whether a progress indicator may be drawn on
// ErrOut: a terminal, not a CI service's log, and output not piped to a
// program (a pager) that may be drawing on the same terminal.
func (s *IOStreams) ShowProgress() bool { return s.errTTY && !s.inCI && !s.outPipe }

// Prompter returns the prompter of the terminal, or nil when questions
// cannot be asked (CanPrompt is false).
func (s *IOStreams) Prompter() prompt.Prompter {
	if !s.CanPrompt() {
		return nil
	}
	if s.prompter != nil {
		return s.prompter
	}
	in, inOK := s.In.(*os.File)
	out, outOK := s.promptOut().(*os.File)
	if !inOK || !outOK {
		return nil
	}
	return prompt.NewSurvey(in, out, s.ErrOut)
}

// DisableColor turns colour off (--no-color).
func (s *IOStreams) DisableColor() { s.colorDisabled = true }

// renderOptions are the presentation choices for output to Out, decided
// once here for every command.
func (s *IOStreams) renderOptions() render.Options {
	return render.Options{Color: s.ColorEnabled(), Width: s.terminalWidth()}
}

// Notice writes a line for the person at the terminal to standard error
// ("socpick: saved ..."), wrapped at words to the terminal when standard
// error is one, so that a path or a command to copy is never cut in two.
func (s *IOStreams) Notice(text string) {
	text = render.LogText(text)
	if f, ok := s.ErrOut.(*os.File); ok && s.errTTY {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			text = prose.Wrap(text, w, "", "  ")
		}
	}
	io.WriteString(s.ErrOut, strings.TrimSuffix(text, "\n")+"\n")
}
