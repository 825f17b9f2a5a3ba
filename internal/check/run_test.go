package check_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/engine"
)

// loadRules loads the test ruleset (fixtureDir), which decides what the
// profiles below assume.
func loadRules(t testing.TB) *engine.Ruleset {
	t.Helper()
	rs, err := engine.Load(os.DirFS(fixtureDir))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// answers are complete answers to the test ruleset's questions for a SaaS
// that needs a SOC 2 Type II (Security) and nothing else.
const answers = `answers:
  services: [saas]
  financial_reporting_impact: "no"
  customer_data: "yes"
  data_types: [health]
  controls_operating_months: 14
  type2_required: "yes"
`

func vendor(name, held string) string {
	return "apiVersion: socpick/v1\nkind: VendorProfile\nmetadata:\n  name: " + name + "\n" + answers + held
}

const heldSOC2 = `held:
  - {report: soc2, type: type2, period_start: 2025-10-01, period_end: 2026-09-30, criteria: [security]}
`

func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestVendorIsPass(t *testing.T) {
	// The fixture itself must be what the other tests assume.
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.yaml": vendor("a", heldSOC2)})
	r := &check.Runner{Ruleset: loadRules(t), Options: check.Options{AsOf: date(t, "2026-11-22"), FailOn: check.Info}}
	res := r.Check(check.Input{Path: filepath.Join(dir, "a.yaml")})
	if res.Status != check.Pass || len(res.Findings) != 0 || res.Decision.Summary != "SOC 2 Type II" {
		t.Fatalf("got %s %q %+v, want a pass for SOC 2 Type II with no finding", res.Status, res.Decision.Summary, res.Findings)
	}
}

func TestRunOrderAndStatuses(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"b/broken.yaml":      "apiVersion: socpick/v1\nkind: VendorProfile\nmetadata: {name: Broken}\n",
		"a/pass.yml":         vendor("pass", heldSOC2),
		"a/none-held.yaml":   vendor("none-held", ""),
		"c/.hidden/x.yaml":   "not: a profile",
		"c/readme.md":        "not yaml",
		"c/unanswered.yaml":  "apiVersion: socpick/v1\nkind: VendorProfile\nmetadata: {name: u}\nanswers:\n  services: [saas]\n",
		"c/warning.yaml":     vendor("warning", "held:\n  - {report: soc2, type: type2, period_start: 2025-01-01, period_end: 2025-12-31, criteria: [security]}\n"),
		"c/sub/deeper/z.yml": vendor("z", heldSOC2),
	}
	writeFiles(t, dir, files)
	inputs, err := check.Collect([]string{dir, filepath.Join(dir, "a", "pass.yml")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := &check.Runner{Ruleset: loadRules(t), Options: check.Options{AsOf: date(t, "2026-11-22"), FailOn: check.Error}, Jobs: 3}
	var got []string
	sum, err := r.Run(context.Background(), inputs, func(res *check.Result) error {
		rel, _ := filepath.Rel(dir, res.File)
		line := fmt.Sprintf("%s %s %s", rel, res.Status, codes(res.Findings))
		if res.Profile == "u" {
			line += " " + strings.Join(strings.SplitN(res.Findings[0].Message, ", ", 3)[:2], ", ")
		}
		got = append(got, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	entry := strings.Count(vendor("warning", ""), "\n") + 2 // the line of the held entry
	want := []string{
		"a/none-held.yaml fail missing-report@1",
		"a/pass.yml pass ",
		"b/broken.yaml error invalid-profile@3",
		"c/sub/deeper/z.yml pass ",
		"c/unanswered.yaml error invalid-profile@4 answers: 5 questions not answered: financial_reporting_impact, customer_data",
		fmt.Sprintf("c/warning.yaml pass expiring-report@%d bridge-letter-needed@%d", entry, entry),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if sum != (check.Summary{Files: 6, Passed: 3, Failed: 1, Errors: 2}) {
		t.Errorf("summary %+v", sum)
	}
}

func TestRunManyInOrder(t *testing.T) {
	// More files than the window of pending results, on several workers:
	// the results still come in path order, each once.
	dir := t.TempDir()
	files := map[string]string{}
	for i := range 200 {
		files[fmt.Sprintf("v%03d.yaml", i)] = vendor(fmt.Sprintf("v%03d", i), heldSOC2)
	}
	writeFiles(t, dir, files)
	inputs, err := check.Collect([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := &check.Runner{Ruleset: loadRules(t), Options: check.Options{AsOf: date(t, "2026-11-22")}, Jobs: 4}
	i := 0
	sum, err := r.Run(context.Background(), inputs, func(res *check.Result) error {
		if want := fmt.Sprintf("v%03d", i); res.Profile != want || res.Status != check.Pass {
			t.Errorf("result %d: %s %s, want %s pass", i, res.Profile, res.Status, want)
		}
		i++
		return nil
	})
	if err != nil || sum.Files != 200 || i != 200 {
		t.Errorf("Run: %v, %+v, %d results", err, sum, i)
	}
}

func TestRunStopsOnEmitError(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for i := range 50 {
		files[fmt.Sprintf("v%02d.yaml", i)] = vendor("v", heldSOC2)
	}
	writeFiles(t, dir, files)
	inputs, _ := check.Collect([]string{dir}, nil)
	r := &check.Runner{Ruleset: loadRules(t), Options: check.Options{AsOf: date(t, "2026-11-22")}, Jobs: 2}
	stop := errors.New("stop")
	n := 0
	_, err := r.Run(context.Background(), inputs, func(*check.Result) error {
		if n++; n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("got %v after %d results, want the emit error after 3", err, n)
	}

	// Cancelled mid-run: Run stops soon and says why.
	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	sum, err := r.Run(ctx, inputs, func(*check.Result) error {
		if n++; n == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || sum.Files >= len(inputs) {
		t.Errorf("cancelled run: got %v after %d of %d results", err, sum.Files, len(inputs))
	}
	// A run that finishes is not an error, even if ctx ends afterwards.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	if sum, err := r.Run(ctx, inputs[:5], func(*check.Result) error { return nil }); err != nil || sum.Files != 5 {
		t.Errorf("complete run: %v, %+v", err, sum)
	}
}

func TestStdin(t *testing.T) {
	r := &check.Runner{Ruleset: loadRules(t), Options: check.Options{AsOf: date(t, "2026-11-22")}, Stdin: strings.NewReader(vendor("piped", ""))}
	res := r.Check(check.Input{Path: check.StdinPath})
	if res.File != check.StdinName || res.Profile != "piped" || codes(res.Findings) != "missing-report@1" {
		t.Errorf("got %s %s %s", res.File, res.Profile, codes(res.Findings))
	}
}

func TestInvalidProfileFinding(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"bad.yaml": "apiVersion: socpick/v2\nkind: VendorProfile\nmetadata: {name: Bad}\n"})
	r := &check.Runner{Ruleset: loadRules(t)}
	res := r.Check(check.Input{Path: filepath.Join(dir, "bad.yaml")})
	if res.Status != check.Errored || len(res.Findings) != 1 || res.Decision != nil {
		t.Fatalf("got %+v, want one finding and status error", res)
	}
	f := res.Findings[0]
	lines := strings.Split(f.Message, "\n")
	if f.Code != check.InvalidProfile || f.Line != 1 || f.Column != 13 || len(lines) != 2 || !strings.HasPrefix(lines[1], "3:") {
		t.Errorf("got %+v, want the first problem's position and each later problem on a line with its own", f)
	}

	res = r.Check(check.Input{Path: filepath.Join(dir, "missing.yaml")})
	if f := res.Findings[0]; res.Status != check.Errored || f.Message != "no such file" || f.Line != 0 {
		t.Errorf("missing file: got %+v", res.Findings)
	}
}

func TestCollect(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"empty/readme.md": "", "v/a.yaml": "", "v/B.YML": "", "v/.git/x.yaml": "", "v/.hidden.yaml": "", "notes.txt": ""})
	inputs, err := check.Collect([]string{filepath.Join(dir, "v") + "/", "-", filepath.Join(dir, "v", "a.yaml"), filepath.Join(dir, "notes.txt"), filepath.Join(dir, "gone.yaml")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range inputs {
		rel, err := filepath.Rel(dir, in.Path)
		if err != nil || in.Path == "-" {
			rel = in.Path
		}
		got = append(got, rel)
	}
	if want := "- gone.yaml notes.txt v/B.YML v/a.yaml"; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q (a file named as itself, any case of .yaml, hidden files skipped, each once, sorted)", strings.Join(got, " "), want)
	}
	if err := inputs[1].Err; err == nil || err.Error() != "no such file or directory" {
		t.Errorf("a path that does not exist: %v", err)
	}

	// A directory with no profile is most likely the wrong one: it is a
	// result of its own, with what is wrong, and the others go on.
	inputs, err = check.Collect([]string{filepath.Join(dir, "empty"), filepath.Join(dir, "v")}, nil)
	if err != nil || len(inputs) != 3 || inputs[0].Err == nil || !strings.Contains(inputs[0].Err.Error(), "no profiles in this directory") {
		t.Errorf("a directory with no profile: got %+v, %v", inputs, err)
	}
}

// TestCollectSameFileOnce: a file named twice, by a relative and an
// absolute path, by a directory and by its own path, or through a link
// to a directory above it, is checked once, under the name it was first
// given.
func TestCollectSameFileOnce(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"v/a.yaml": "", "v/b.yaml": ""})
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, dir)
	if err != nil {
		t.Skipf("no relative path to the temporary directory: %v", err)
	}
	abs := filepath.Join(dir, "v", "a.yaml")
	inputs, err := check.Collect([]string{
		filepath.Join(rel, "v", "a.yaml"), abs, abs, filepath.Join(dir, "v"),
		filepath.Join(rel, "v", ".", "b.yaml"), filepath.Join(dir, "v", "..", "v") + string(filepath.Separator),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range inputs {
		got = append(got, in.Path)
	}
	want := []string{filepath.Join(rel, "v", "a.yaml"), filepath.Join(dir, "v", "b.yaml")}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q: each file once, by the name first given", got, want)
	}

	// Through a link to a directory above it: the same file.
	if err := os.Symlink(filepath.Join(dir, "v"), filepath.Join(dir, "linked")); err != nil {
		t.Skipf("no links here: %v", err)
	}
	inputs, err = check.Collect([]string{abs, filepath.Join(dir, "linked", "a.yaml"), filepath.Join(dir, "linked")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, in := range inputs {
		got = append(got, in.Path)
	}
	want = []string{abs, filepath.Join(dir, "linked", "b.yaml")}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q: each file once, by the name first given", got, want)
	}
}

// A waiver that makes the profile invalid (a code that is not one, an
// expiry more than 12 months ahead) is an error whatever the flags, as a
// waiver without a reason is; waived findings never fail, even with
// --fail-on info.
func TestWaiversInARun(t *testing.T) {
	dir := t.TempDir()
	waiver := func(code, expires string) string {
		return "waivers:\n  - {code: " + code + ", reason: fieldwork booked, expires: " + expires + "}\n"
	}
	writeFiles(t, dir, map[string]string{
		"far.yaml":    vendor("far", waiver("missing-report", "2027-12-31")),
		"typo.yaml":   vendor("typo", waiver("missing-reprt", "2027-01-31")),
		"empty.yaml":  vendor("empty", waiver(`""`, "2027-01-31")),
		"waived.yaml": vendor("waived", waiver("missing-report", "2027-01-31")),
	})
	for _, noWaivers := range []bool{false, true} {
		for _, tt := range []struct{ file, want string }{
			{"far.yaml", "error invalid-profile"},
			{"typo.yaml", "error invalid-profile"},
			{"empty.yaml", "error invalid-profile"},
			{"waived.yaml", map[bool]string{false: "pass waived", true: "fail missing-report"}[noWaivers]},
		} {
			r := &check.Runner{Ruleset: loadRules(t), Options: check.Options{AsOf: date(t, "2026-11-22"), FailOn: check.Info, NoWaivers: noWaivers}}
			res := r.Check(check.Input{Path: filepath.Join(dir, tt.file)})
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.Code)
			}
			if g := string(res.Status) + " " + strings.Join(got, " "); g != tt.want {
				t.Errorf("%s (no waivers: %v): got %s, want %s", tt.file, noWaivers, g, tt.want)
			}
		}
	}
}
