package cli

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the progress goroutine and the
// test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestProgressDrawsCountsAndLeavesNothing(t *testing.T) {
	var screen syncBuffer
	p := newProgress(&screen, 3, true)
	p.delay, p.every = 0, time.Millisecond
	p.start()
	var wrote []string
	for i := range 3 {
		// Wait until the line is on the screen, then write a result
		// through it, as a check run does.
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(screen.String(), "checked "+string(rune('0'+i))+" of 3 profiles") {
			if time.Now().After(deadline) {
				t.Fatalf("no progress line for %d results: %q", i, screen.String())
			}
			time.Sleep(time.Millisecond)
		}
		_ = p.result(func() error {
			wrote = append(wrote, screen.String())
			return nil
		})
	}
	p.finish()
	for i, s := range wrote {
		// On a shared screen, the line is erased before a result is written.
		if !strings.HasSuffix(s, "\r\x1b[K") {
			t.Errorf("result %d written over the progress line: %q", i, s)
		}
	}
	if s := screen.String(); !strings.HasSuffix(s, "\r\x1b[K") {
		t.Errorf("finish leaves the line on the screen: %q", s)
	}
}

func TestProgressSilentForShortRuns(t *testing.T) {
	var screen syncBuffer
	p := startProgress(&screen, 10, false) // the default one-second delay
	for range 10 {
		_ = p.result(func() error { return nil })
	}
	p.finish()
	if s := screen.String(); s != "" {
		t.Errorf("a run shorter than the delay drew %q", s)
	}
	var nothing *progress // no terminal: no progress at all
	if err := nothing.result(func() error { return nil }); err != nil {
		t.Error(err)
	}
	nothing.finish()
}

func TestShowProgress(t *testing.T) {
	for _, tt := range []struct {
		errTTY, inCI, want bool
	}{
		{true, false, true},
		{true, true, false},   // CI logs keep every byte
		{false, false, false}, // stderr piped or redirected
	} {
		s := &IOStreams{errTTY: tt.errTTY, inCI: tt.inCI}
		if got := s.ShowProgress(); got != tt.want {
			t.Errorf("errTTY=%v CI=%v: ShowProgress() = %v, want %v", tt.errTTY, tt.inCI, got, tt.want)
		}
	}
}

// On a screen shared with results, the line is drawn only where a result
// ended its line: a JSON result leaves the cursor after its "}".
func TestProgressWaitsForTheEndOfALine(t *testing.T) {
	var screen syncBuffer
	p := newProgress(&screen, 2, true)
	p.delay, p.every = 0, time.Millisecond
	atLineStart := false
	p.canDraw = func() bool { return atLineStart }
	p.start()
	time.Sleep(30 * time.Millisecond)
	if s := screen.String(); s != "" {
		t.Fatalf("drawn mid-line: %q", s)
	}
	_ = p.result(func() error { atLineStart = true; return nil })
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(screen.String(), "checked 1 of 2") {
		if time.Now().After(deadline) {
			t.Fatal("not drawn at the start of a line")
		}
		time.Sleep(time.Millisecond)
	}
	p.finish()
}
