package cli

import "testing"

func TestColorOnlyOnATerminalWithoutNoColor(t *testing.T) {
	tests := []struct {
		name                       string
		outTTY, noColorEnv, noFlag bool
		want                       bool
	}{
		{"terminal", true, false, false, true},
		{"pipe", false, false, false, false},
		{"NO_COLOR", true, true, false, false},
		{"--no-color", true, false, true, false},
	}
	for _, tt := range tests {
		s := &IOStreams{outTTY: tt.outTTY, noColorEnv: tt.noColorEnv}
		if tt.noFlag {
			s.DisableColor()
		}
		if got := s.ColorEnabled(); got != tt.want {
			t.Errorf("%s: ColorEnabled() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCanPromptNeedsBothTerminals(t *testing.T) {
	for _, tt := range []struct{ in, out, want bool }{{true, true, true}, {true, false, false}, {false, true, false}} {
		s := &IOStreams{inTTY: tt.in, outTTY: tt.out}
		if s.CanPrompt() != tt.want {
			t.Errorf("in=%v out=%v: CanPrompt() = %v", tt.in, tt.out, !tt.want)
		}
	}
}

func TestExitCodes(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{ErrCancelled, 130},
		{usageErrorf("bad"), 2},
		{&missingAnswersError{}, 2},
	} {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}
