package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestAdviseDevZeroIsNotATerminal: `advise --profile partial.yaml
// </dev/zero >/dev/null` spun for ever, taking the character devices for
// a terminal and prompting into them. It is exit 2 with the missing
// answers, as for any input that is not a terminal. A testscript cannot
// give a command /dev/zero as its input: the built socpick runs here.
func TestAdviseDevZeroIsNotATerminal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero")
	}
	bin, fixture := builtSocpick(t)
	partial := filepath.Join(t.TempDir(), "partial.yaml")
	err := os.WriteFile(partial, []byte("apiVersion: socpick/v1\nkind: VendorProfile\nmetadata:\n  name: partial\nanswers:\n  services: [saas]\n  customer_data: \"yes\"\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	zero, err := os.Open("/dev/zero")
	if err != nil {
		t.Skipf("no /dev/zero: %v", err)
	}
	defer zero.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--rules", fixture, "advise", "--profile", partial)
	cmd.Stdin = zero // and stdout is /dev/null: exec opens it for a nil Stdout
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("advise </dev/zero >/dev/null has not ended after 30 s; stderr:\n%s", stderr.String())
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("got %v, want exit 2; stderr:\n%s", err, stderr.String())
	}
	for _, want := range []string{"4 questions not answered", "--financial-reporting-impact", "--data-types", "--controls-operating-months", "--type2-required"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr.String())
		}
	}
}
