package cli

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/rules"
)

// Ctrl-C (a cancelled context) ends `check -` even while standard input
// stays open with nothing coming: a terminal, or a pipe left open in CI.
func TestCheckStdinCancelled(t *testing.T) {
	rs, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	in, w := io.Pipe() // never written to
	defer w.Close()
	ios, _, _ := bufferStreams("")
	ios.In = in
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runCheck(ctx, &checkOptions{IO: ios, Ruleset: rs, Paths: []string{"-"}, Format: "text", FailOn: "error", AsOf: "2026-11-22"})
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || exitCode(err) != ExitCancelled {
			t.Errorf("got %v (exit %d), want cancelled (exit 130)", err, exitCode(err))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("check - did not stop when cancelled")
	}
}

// An empty path would be the current directory: refused.
func TestCheckEmptyPath(t *testing.T) {
	rs, _ := engine.Load(rules.FS)
	ios, _, _ := bufferStreams("")
	err := runCheck(context.Background(), &checkOptions{IO: ios, Ruleset: rs, Paths: []string{""}, Format: "text", FailOn: "error"})
	if exitCode(err) != ExitUsage {
		t.Errorf("got %v, want a usage error", err)
	}
}
