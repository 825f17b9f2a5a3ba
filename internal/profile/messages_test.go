package profile_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/strictyaml"
)

// A profile of tens of thousands of stray answers (709 KB here) gives a
// short report: the first strictyaml.MaxProblems problems, the valid keys
// named once, and a count of the rest; it used to print 23.5 MB.
func TestManyUnknownAnswersGiveAShortReport(t *testing.T) {
	qs := load(t)
	var b strings.Builder
	b.WriteString(head + "answers:\n")
	const n = 60000
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  k%d: 1\n", i)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := profile.Parse("p.yaml", []byte(b.String()), qs)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	runtime.ReadMemStats(&after)
	lines := strings.Split(msg, "\n")
	if len(lines) != strictyaml.MaxProblems+1 || len(msg) > 8<<10 {
		t.Fatalf("%d lines, %d bytes", len(lines), len(msg))
	}
	if !strings.HasPrefix(lines[0], `p.yaml:6:3: answers: unknown key "k0" (valid keys: `) ||
		lines[1] != `p.yaml:7:3: answers: unknown key "k1" (valid keys as above)` ||
		lines[len(lines)-1] != fmt.Sprintf("p.yaml: ... and %d more problems", n-strictyaml.MaxProblems) {
		t.Errorf("report:\n%s\n%s\n...\n%s", lines[0], lines[1], lines[len(lines)-1])
	}
	if strings.Count(msg, "valid keys:") != 1 {
		t.Errorf("the valid keys are named %d times", strings.Count(msg, "valid keys:"))
	}
	// It took 333 MB; the node tree of 120,000 nodes is most of what is
	// left.
	t.Logf("allocated %d MB", (after.TotalAlloc-before.TotalAlloc)>>20)
	if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 100 {
		t.Errorf("allocated %d MB", mb)
	}
}

// A credentials file behind a link named like a profile is echoed only as
// a short, escaped prefix, never whole.
func TestValuesAreEchoedAsAShortPrefix(t *testing.T) {
	qs := load(t)
	const token = "ghp_0123456789abcdefghijklmnopqrstuvwxyz"
	for _, tt := range []struct{ name, src, want string }{
		{"credentials file", "https://user:" + token + "@github.com\n",
			`p.yaml:1:1: expected a vendor profile (a mapping with apiVersion: socpick/v1, kind: VendorProfile, metadata, answers), got "https://user:ghp_0123456…"`},
		{"answer value", head + "answers:\n  customer_data: \"" + token + "\\x1b[2J\"\n",
			`p.yaml:6:18: answers.customer_data: "ghp_0123456789abcdefghij…" is not a valid value (want yes or no)`},
		{"terminal escape", head + "answers:\n  customer_data: \"\\x1b[2J\"\n",
			`p.yaml:6:18: answers.customer_data: "\x1b[2J" is not a valid value (want yes or no)`},
		{"metadata.name", "apiVersion: socpick/v1\nkind: VendorProfile\nmetadata:\n  name: " + token + "\nanswers: {}\n",
			`p.yaml:4:9: metadata.name: "ghp_0123456789abcdefghij…" must be lower-case letters`},
		{"date", head + "answers: {}\nheld:\n  - {report: soc1, type: type1, as_of: " + token + "}\n",
			`held[0].as_of: "ghp_0123456789abcdefghij…" is not a date`},
	} {
		_, err := profile.Parse("p.yaml", []byte(tt.src), qs)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got\n%v\nwant it to contain\n%s", tt.name, err, tt.want)
		}
		if err != nil && (strings.Contains(err.Error(), "klmnop") || strings.ContainsRune(err.Error(), '\x1b')) {
			t.Errorf("%s: echoes the value whole or raw:\n%v", tt.name, err)
		}
	}
}

// Every bad item of a list is reported, each at its own position, not only
// the first.
func TestEveryBadListItemIsReported(t *testing.T) {
	qs := load(t)
	src := head + "answers:\n  services: [saas, bogus, saas, nonsense]\n"
	_, err := profile.Parse("p.yaml", []byte(src), qs)
	if err == nil {
		t.Fatal("bad list items accepted")
	}
	for _, want := range []string{
		`p.yaml:6:20: answers.services: "bogus" is not a valid value`,
		`p.yaml:6:27: answers.services: "saas" is listed twice`,
		`p.yaml:6:33: answers.services: "nonsense" is not a valid value`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %s:\n%v", want, err)
		}
	}
}
