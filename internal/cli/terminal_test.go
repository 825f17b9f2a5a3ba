package cli

import (
	"os"
	"testing"
)

// TestDevNullIsNotATerminal: /dev/null is a character device, and no
// terminal; a prompt drawn there would read end of input and cancel.
func TestDevNullIsNotATerminal(t *testing.T) {
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Errorf("isTerminal(%s) = true", os.DevNull)
	}
}

func TestColorFromTheEnvironment(t *testing.T) {
	for _, tt := range []struct {
		name                    string
		env                     map[string]string
		outTTY, noColorFlag, on bool
	}{
		{"terminal", nil, true, false, true},
		{"pipe", nil, false, false, false},
		{"NO_COLOR", map[string]string{"NO_COLOR": "1"}, true, false, false},
		{"empty NO_COLOR", map[string]string{"NO_COLOR": ""}, true, false, true},
		{"TERM=dumb", map[string]string{"TERM": "dumb"}, true, false, false},
		{"CLICOLOR_FORCE on a pipe", map[string]string{"CLICOLOR_FORCE": "1"}, false, false, true},
		{"CLICOLOR_FORCE=0", map[string]string{"CLICOLOR_FORCE": "0"}, false, false, false},
		{"CLICOLOR_FORCE over NO_COLOR", map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, false, false, true},
		{"--no-color over CLICOLOR_FORCE", map[string]string{"CLICOLOR_FORCE": "1"}, true, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"NO_COLOR", "TERM", "CLICOLOR_FORCE"} {
				t.Setenv(k, tt.env[k])
				if _, ok := tt.env[k]; !ok {
					os.Unsetenv(k)
				}
			}
			s := System()
			s.outTTY = tt.outTTY
			if tt.noColorFlag {
				s.DisableColor()
			}
			if got := s.ColorEnabled(); got != tt.on {
				t.Errorf("ColorEnabled() = %v, want %v", got, tt.on)
			}
		})
	}
}

func TestWidthIsTheTerminals(t *testing.T) {
	for _, tt := range []struct {
		outTTY      bool
		width, want int
	}{
		{false, 0, 0},
		{false, 132, 0}, // a pipe: whatever the terminal around it
		{true, 60, 60},
		{true, 0, 0}, // a terminal that does not say
	} {
		s := &IOStreams{outTTY: tt.outTTY, width: tt.width}
		if got := s.renderOptions().Width; got != tt.want {
			t.Errorf("tty=%v width=%d: render width %d, want %d (0: render's default)", tt.outTTY, tt.width, got, tt.want)
		}
	}
}

func TestGOGCIsTheUsers(t *testing.T) {
	t.Setenv("GOGC", "50")
	if !System().gogcEnv {
		t.Error("GOGC set: gogcEnv = false")
	}
	os.Unsetenv("GOGC")
	if System().gogcEnv {
		t.Error("GOGC unset: gogcEnv = true")
	}
	t.Setenv("GOGC", "") // the runtime reads an empty GOGC as unset
	if System().gogcEnv {
		t.Error("GOGC empty: gogcEnv = true")
	}
}
