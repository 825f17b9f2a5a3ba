//go:build unix

package check_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/socpick/socpick/internal/check"
)

// runWithin collects args and runs them, failing the test when the run
// has not ended after 10 s (a named pipe opened for reading waits for a
// writer for ever). It returns a line per result: the path relative to
// dir, the status, and the message of its first finding.
func runWithin(t *testing.T, dir string, args ...string) []string {
	t.Helper()
	inputs, err := check.Collect(args, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := &check.Runner{Ruleset: loadRules(t), Options: check.Options{AsOf: date(t, "2026-11-22"), FailOn: check.Error}}
	done := make(chan []string, 1)
	go func() {
		var got []string
		_, err := r.Run(context.Background(), inputs, func(res *check.Result) error {
			rel, _ := filepath.Rel(dir, res.File)
			line := fmt.Sprintf("%s %s", rel, res.Status)
			if len(res.Findings) > 0 {
				line += " " + res.Findings[0].Message
			}
			got = append(got, line)
			return nil
		})
		if err != nil {
			got = append(got, err.Error())
		}
		done <- got
	}()
	select {
	case got := <-done:
		return got
	case <-time.After(10 * time.Second):
		t.Fatalf("check %s has not ended after 10 s", strings.Join(args, " "))
		return nil
	}
}

// TestNamedPipesDoNotBlock: a named pipe called *.yaml in a checked
// directory hung check for ever, and so did one named on the command line.
// Each is an error result, "not a regular file", and the others are
// checked.
func TestNamedPipesDoNotBlock(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"v/a.yaml": vendor("a", heldSOC2)})
	for _, name := range []string{"v/pipe.yaml", "named.yaml"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Skipf("cannot make a named pipe: %v", err)
		}
	}
	got := runWithin(t, dir, filepath.Join(dir, "v"), filepath.Join(dir, "named.yaml"))
	const pipe = `error not a regular file (a named pipe); want a profile file (to read a profile from a pipe, give "-" and send it to standard input)`
	want := []string{
		"named.yaml " + pipe,
		"v/a.yaml pass",
		"v/pipe.yaml " + pipe,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// A file that became a named pipe after it was listed is refused as
	// it is opened, without blocking.
	r := &check.Runner{Ruleset: loadRules(t)}
	done := make(chan *check.Result, 1)
	go func() { done <- r.Check(check.Input{Path: filepath.Join(dir, "named.yaml")}) }()
	select {
	case res := <-done:
		if res.Status != check.Errored || !strings.Contains(res.Findings[0].Message, "not a regular file (a named pipe)") {
			t.Errorf("a named pipe read as a file: got %s %+v", res.Status, res.Findings)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading a named pipe has not ended after 10 s")
	}
}

// TestLinksStayInTheCheckedTree: a link in a checked directory that leads
// out of it (vendors/x.yaml -> ~/.git-credentials) showed the target's
// contents in CI logs. It is an error result for that path, and nothing
// of the target is read; links within the directory are followed,
// whether relative or absolute; a file named on the command line is
// followed wherever it leads.
func TestLinksStayInTheCheckedTree(t *testing.T) {
	dir := t.TempDir()
	secret := "ghp-" + strings.Repeat("s", 20)
	writeFiles(t, dir, map[string]string{
		"secret.yaml":        vendor(secret, heldSOC2),
		"v/sub/real.yaml":    vendor("real", heldSOC2),
		"v/sub/spare.yaml":   vendor("spare", heldSOC2),
		"v/sub/.hidden.yaml": vendor("hidden", heldSOC2),
	})
	links := map[string]string{
		"v/out.yaml":             "../secret.yaml",
		"v/abs-out.yaml":         filepath.Join(dir, "secret.yaml"),
		"v/chain.yaml":           "sub/.hidden-hop.yaml",
		"v/sub/.hidden-hop.yaml": "../../secret.yaml",
		"v/in.yaml":              "sub/real.yaml",
		"v/abs-in.yaml":          filepath.Join(dir, "v", "sub", "real.yaml"),
		"v/sub/up.yaml":          "../sub/../sub/real.yaml",
		"v/dangling.yaml":        "sub/gone.yaml",
		"v/etc.yaml":             "/etc/passwd",
		"v/root.yaml":            "..",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("v", filepath.Join(dir, "via-link")); err != nil {
		t.Fatal(err)
	}
	const outside = "error links outside the checked directory (not followed: a link is read only when it leads to a file within the directory checked)"
	got := runWithin(t, dir, filepath.Join(dir, "v"))
	want := []string{
		"v/abs-in.yaml pass",
		"v/abs-out.yaml " + outside,
		"v/chain.yaml " + outside,
		"v/dangling.yaml error a link that cannot be followed: no such file or directory",
		"v/etc.yaml " + outside,
		"v/in.yaml pass",
		"v/out.yaml " + outside,
		"v/root.yaml " + outside,
		"v/sub/real.yaml pass",
		"v/sub/spare.yaml pass",
		"v/sub/up.yaml pass",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, line := range got {
		if strings.Contains(line, "sssss") || strings.Contains(line, "root:") {
			t.Errorf("the target of a link out of the tree was read: %s", line)
		}
	}

	// The directory named through a link is the tree: the same.
	got = runWithin(t, dir, filepath.Join(dir, "via-link"))
	if len(got) != len(want) || got[1] != "via-link/abs-out.yaml "+outside || got[0] != "via-link/abs-in.yaml pass" {
		t.Errorf("through a link to the directory: got\n%s", strings.Join(got, "\n"))
	}

	// A link checked to lead within the tree, and then changed to lead out
	// of it before it is read, is refused as it is opened.
	inputs, err := check.Collect([]string{filepath.Join(dir, "v", "in.yaml"), filepath.Join(dir, "v")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "v", "sub", "real.yaml")
	if err := os.Remove(target); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../secret.yaml", target); err != nil {
		t.Fatal(err)
	}
	r := &check.Runner{Ruleset: loadRules(t)}
	for _, in := range inputs {
		if base := filepath.Base(in.Path); base != "in.yaml" && base != "abs-in.yaml" {
			continue
		}
		res := r.Check(in)
		if res.Status != check.Errored || res.Profile != "" || !strings.Contains(res.Findings[0].Message, "path escapes") {
			t.Errorf("%s, changed to lead out after it was collected: got %s %q %+v", in.Path, res.Status, res.Profile, res.Findings)
		}
	}

	// A file named on the command line is the user's choice: followed.
	got = runWithin(t, dir, filepath.Join(dir, "v", "out.yaml"))
	if len(got) != 1 || got[0] != "v/out.yaml pass" {
		t.Errorf("a link named on the command line: got %q", got)
	}
}
