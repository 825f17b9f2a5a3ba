package check_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/strictyaml"
	"github.com/socpick/socpick/rules"
)

// FuzzProfile follows a profile along the whole path it takes: read
// (profile.ReadFrom), evaluated by the default ruleset, checked
// (check.Findings), saved (profile.Encode) and read again. Whatever the
// bytes, nothing panics; what cannot be read gives problems a person can
// read (never yaml's own message); and a profile that is read and
// evaluated is saved to a file that reads back to the same name, answers,
// held reports and expectation, and so to the same decision and findings.
// The seeds are the profiles under testdata/profiles and testdata/vendors.
func FuzzProfile(f *testing.F) {
	rs, err := engine.Load(rules.FS)
	if err != nil {
		f.Fatal(err)
	}
	var seeds []string
	for _, glob := range []string{"profiles/*.yaml", "profiles/examples/*.yaml", "vendors/*.yaml"} {
		paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", filepath.FromSlash(glob)))
		seeds = append(seeds, paths...)
	}
	if len(seeds) < 10 {
		f.Fatalf("%d seeds under testdata/profiles and testdata/vendors", len(seeds))
	}
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	asOf := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	qs := rs.Questions

	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := profile.ReadFrom("f.yaml", bytes.NewReader(data), qs)
		if err != nil {
			readable(t, err)
			return
		}
		complete := len(qs.Missing(p.Answers)) == 0
		var d *engine.Decision
		var found []check.Finding
		if complete {
			if d, err = rs.Evaluate(p.Answers); err != nil {
				return // said as an invalid-profile finding by the runner
			}
			found = check.Findings(p, d, asOf, rs.Catalog)
		}

		saved, err := profile.Encode(p.Name, "", p.Answers, qs, p, p.AnsweredOn)
		if err != nil {
			t.Fatalf("a profile that was read cannot be saved: %v", err)
		}
		again, err := profile.ReadFrom("f.yaml", bytes.NewReader(saved), qs)
		if err != nil {
			t.Fatalf("a saved profile does not read back: %v\nsaved:\n%s", err, saved)
		}
		if again.Name != p.Name || again.Description != p.Description {
			t.Errorf("name %q, description %q read back as %q, %q", p.Name, p.Description, again.Name, again.Description)
		}
		if !reflect.DeepEqual(again.Answers, p.Answers) {
			t.Errorf("answers %#v read back as %#v\nsaved:\n%s", p.Answers, again.Answers, saved)
		}
		if !reflect.DeepEqual(withoutPos(again), withoutPos(p)) {
			t.Errorf("held or expect changed when saved\nsaved:\n%s", saved)
		}
		if !complete {
			return
		}
		d2, err := rs.Evaluate(again.Answers)
		if err != nil {
			t.Fatalf("the saved answers cannot be evaluated: %v", err)
		}
		if !reflect.DeepEqual(d2, d) {
			t.Errorf("the decision changed when saved: %+v, then %+v", d, d2)
		}
		if got, want := unplaced(check.Findings(again, d2, asOf, rs.Catalog)), unplaced(found); !reflect.DeepEqual(got, want) {
			t.Errorf("the findings changed when saved:\n%v\nthen\n%v", want, got)
		}
	})
}

// readable fails unless err is the problems of the file, each a message
// for a person.
func readable(t *testing.T, err error) {
	t.Helper()
	var probs *strictyaml.Problems
	if !errors.As(err, &probs) || len(probs.Items) == 0 {
		t.Fatalf("not the file's problems: %T %v", err, err)
	}
	for _, it := range probs.Items {
		if it.Msg == "" || strings.HasPrefix(it.Msg, "yaml: ") {
			t.Errorf("a problem with no message or yaml's own: %q", it.Msg)
		}
	}
}

// withoutPos is what a profile says about its reports, where they are
// in the file left out: saving may move them.
func withoutPos(p *profile.Profile) any {
	held := make([]profile.HeldReport, len(p.Held))
	for i, h := range p.Held {
		h.Pos = strictyaml.Pos{}
		held[i] = h
	}
	var expect []profile.ExpectedReport
	if p.Expect != nil {
		for _, e := range p.Expect.Reports {
			e.Pos = strictyaml.Pos{}
			expect = append(expect, e)
		}
	}
	return []any{held, p.Expect != nil, expect}
}

// unplaced are the findings without their positions: saving may move the
// lines they point at.
func unplaced(fs []check.Finding) []check.Finding {
	out := make([]check.Finding, len(fs))
	for i, f := range fs {
		f.Line, f.Column = 0, 0
		out[i] = f
	}
	return out
}
