package cli

import (
	"bytes"
	"context"
	"io"
	"os"
)

// The tests' ways in: streams on buffers or a pseudo-terminal, and the
// whole command line as Main runs it, without Main's signal handling.

// Run runs socpick with args and streams and returns the exit code, as
// Main does, without catching signals.
func Run(args []string, ios *IOStreams) int {
	return run(context.Background(), args, ios)
}

// TestStreams returns streams backed by buffers, none of them a terminal.
func bufferStreams(in string) (*IOStreams, *bytes.Buffer, *bytes.Buffer) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: bytes.NewBufferString(in), Out: out, ErrOut: errOut}, out, errOut
}

// TerminalStreams returns streams on a terminal file (a pseudo-terminal in
// tests): input and output are the terminal, errors go to errOut.
func TerminalStreams(tty *os.File, errOut io.Writer) *IOStreams {
	return &IOStreams{In: tty, Out: tty, ErrOut: errOut, inTTY: true, outTTY: true}
}
