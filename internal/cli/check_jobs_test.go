package cli

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/check"
)

// --jobs is capped, and its help says so; a negative number is still a
// usage error.
func TestCheckJobsCapped(t *testing.T) {
	rs := defaultRuleset(t)
	for _, jobs := range []int{math.MaxInt32, math.MaxInt / 4} {
		ios, out, _ := bufferStreams("")
		err := runCheck(context.Background(), &checkOptions{IO: ios, Ruleset: rs, Paths: []string{"../../testdata/vendors"},
			Format: "text", FailOn: "error", AsOf: "2026-11-22", Jobs: jobs})
		if code := exitCode(err); code == ExitUsage || code == ExitCancelled || !strings.Contains(out.String(), "5 profiles checked") {
			t.Errorf("--jobs %d: %v (exit %d)\n%s", jobs, err, code, out)
		}
	}
	ios, _, _ := bufferStreams("")
	err := runCheck(context.Background(), &checkOptions{IO: ios, Ruleset: rs, Paths: []string{"../../testdata/vendors"}, Format: "text", FailOn: "error", Jobs: -1})
	if exitCode(err) != ExitUsage {
		t.Errorf("--jobs -1: %v, want a usage error", err)
	}

	var help bytes.Buffer
	cmd := newCheckCmd(&Factory{IO: ios})
	cmd.SetOut(&help)
	cmd.SetArgs([]string{"--help"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("at most %d, and no more than the files", check.MaxJobs); !strings.Contains(help.String(), want) {
		t.Errorf("check --help does not say %q:\n%s", want, help.String())
	}
}
