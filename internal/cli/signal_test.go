package cli

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestASignalEndsEveryCommand: Ctrl-C or SIGTERM ends a command that does
// not watch its context (advise waiting on a standard input left open)
// with exit 130, as check does, not only at the second signal.
func TestASignalEndsEveryCommand(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send")
	}
	bin, fixture := builtSocpick(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		cmd := exec.CommandContext(ctx, bin, "--rules", fixture, "advise", "--profile", "-")
		stdin, err := cmd.StdinPipe() // left open: the read never ends by itself
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond) // let it reach the read
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		err = cmd.Wait()
		timedOut := ctx.Err() != nil
		stdin.Close()
		cancel()
		if timedOut {
			t.Fatalf("%v: advise --profile - has not ended after 20 s", sig)
		}
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != ExitCancelled || !strings.Contains(stderr.String(), "socpick: cancelled") {
			t.Errorf("%v: got %v, stderr %q; want exit 130 and socpick: cancelled", sig, err, stderr.String())
		}
	}
}

// TestStandardErrorForgesNoWorkflowCommand: standard error is a CI log too;
// a path or value in a message never starts a line of its own as a
// workflow command.
func TestStandardErrorForgesNoWorkflowCommand(t *testing.T) {
	for _, args := range [][]string{
		{"advise", "--profile", "x\n::error title=INJECTED::pwned\n.yaml"},
		{"advise", "--save", "d\n::error::x/p.yaml", "--profile", "../../testdata/profiles/acme-payroll.yaml"},
		{"--rules", "r\n##[error]x", "questions"},
	} {
		ios, _, errOut := bufferStreams("")
		Run(args, ios)
		for _, line := range strings.Split(errOut.String(), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "::") || strings.Contains(line, "##[") {
				t.Errorf("%q: stderr line %q is a workflow command", args, line)
			}
		}
	}
}
