package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// mermaidDir holds Mermaid's own parser for the tests (package.json,
// check.mjs); .ci/run installs it with npm ci.
const mermaidDir = "../../testdata/mermaid"

// TestMermaidParsesOurDiagrams: every diagram socpick writes, the plan's
// gantt chart in markdown advice (for every example profile, on dates
// before, during and after their periods) and the rule graphs, parses with
// Mermaid's own parser. Without Node.js and the parser installed the test
// is skipped, unless SOCPICK_REQUIRE_MERMAID is set (as .ci/run sets it
// once it has installed them).
func TestMermaidParsesOurDiagrams(t *testing.T) {
	node, err := exec.LookPath("node")
	if _, statErr := os.Stat(filepath.Join(mermaidDir, "node_modules", "mermaid")); err != nil || statErr != nil {
		if os.Getenv("SOCPICK_REQUIRE_MERMAID") != "" {
			t.Fatalf("Mermaid's parser is required but not installed (node: %v; run npm ci in testdata/mermaid)", err)
		}
		t.Skip("Mermaid's parser is not installed: npm ci --prefix testdata/mermaid (needs Node.js)")
	}
	dir := t.TempDir()
	var files []string
	write := func(name, chart string) {
		t.Helper()
		path := filepath.Join(dir, name+".mmd")
		if err := os.WriteFile(path, []byte(chart), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	run := func(args ...string) string {
		t.Helper()
		ios, out, errOut := bufferStreams("")
		if _, code := execute(t, ios, args...); code != ExitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		return out.String()
	}
	profiles, _ := filepath.Glob("../../testdata/profiles/examples/*.yaml")
	vendors, _ := filepath.Glob("../../testdata/vendors/*.yaml")
	profiles = append(profiles, vendors...)
	for _, p := range profiles {
		for _, day := range []string{"2026-01-15", "2026-11-29", "2028-03-01"} {
			md := run("advise", "--no-input", "--profile", p, "--as-of", day, "--format", "markdown")
			_, chart, ok := strings.Cut(md, "```mermaid\n")
			if !ok {
				continue // no plan: no report is indicated
			}
			chart, _, _ = strings.Cut(chart, "```")
			write(strings.TrimSuffix(filepath.Base(p), ".yaml")+"-"+day, chart)
		}
	}
	if len(files) < len(profiles) {
		t.Fatalf("only %d gantt charts from %d profiles", len(files), len(profiles))
	}
	write("rules-graph", run("rules", "graph", "--format", "mermaid"))
	write("rules-graph-question", run("rules", "graph", "--format", "mermaid", "--question", "services"))

	out, err := exec.Command(node, append([]string{filepath.Join(mermaidDir, "check.mjs")}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("Mermaid's parser refused a diagram (%v):\n%s", err, out)
	}
	if oks := strings.Count(string(out), ": ok ("); oks != len(files) {
		t.Errorf("%d of %d diagrams parsed:\n%s", oks, len(files), out)
	}
	if !strings.Contains(string(out), "ok (gantt)") || !strings.Contains(string(out), "ok (flowchart") {
		t.Errorf("want gantt charts and flowcharts:\n%s", out)
	}
}
