package cli

import (
	"bytes"
	"io"
	"os"
)

// IOStreams holds the standard streams, whether each is a terminal, and
// whether colour is on: decided once, so commands never look at os.Stdout.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	inTTY, outTTY bool
	noColorEnv    bool
	colorDisabled bool
}

// System returns the process's streams.
func System() *IOStreams {
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		inTTY: isTerminal(os.Stdin), outTTY: isTerminal(os.Stdout),
		// no-color.org: a NO_COLOR that is set and not empty.
		noColorEnv: os.Getenv("NO_COLOR") != "",
	}
}

// TestStreams returns streams backed by buffers, none of them a terminal.
func TestStreams(in string) (*IOStreams, *bytes.Buffer, *bytes.Buffer) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: bytes.NewBufferString(in), Out: out, ErrOut: errOut}, out, errOut
}

// isTerminal reports whether f is a character device (a terminal), without
// a dependency for it.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// CanPrompt is true only when both standard input and output are
// terminals: interactive prompts do not work otherwise.
func (s *IOStreams) CanPrompt() bool { return s.inTTY && s.outTTY }

// ColorEnabled reports whether output to Out may use colour: a terminal,
// and neither NO_COLOR nor --no-color.
func (s *IOStreams) ColorEnabled() bool { return s.outTTY && !s.noColorEnv && !s.colorDisabled }

// DisableColor turns colour off (--no-color).
func (s *IOStreams) DisableColor() { s.colorDisabled = true }
