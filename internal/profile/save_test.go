package profile_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/questionnaire"
)

// Answers are written in the questions' order, yes and no quoted, lists
// in flow style, and read back the same.
func TestEncodeRoundTrips(t *testing.T) {
	qs := load(t)
	answers := questionnaire.Answers{"services": []string{"payroll", "saas"}, "type2_required": "no", "customer_data": "yes",
		"data_types": []string{"personal"}, "controls_operating_months": 14}
	data, err := profile.Encode("acme", "", answers, qs, nil, time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	want := `apiVersion: socpick/v1
kind: VendorProfile
metadata:
  name: acme
  answered_on: "2026-11-29"
answers:
  services: [payroll, saas]
  customer_data: "yes"
  data_types: [personal]
  controls_operating_months: 14
  type2_required: "no"
`
	if string(data) != want {
		t.Errorf("encoded:\n%s\nwant:\n%s", data, want)
	}
	p, err := profile.Parse("x.yaml", data, qs)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Answers, answers) || p.Name != "acme" {
		t.Errorf("read back %v %q", p.Answers, p.Name)
	}
}

func TestEncodeKeepsTheRestOfTheBaseProfile(t *testing.T) {
	qs := shipped(t) // the example profile answers the default questions
	base, err := profile.Read("../../testdata/profiles/acme-payroll.yaml", qs)
	if err != nil {
		t.Fatal(err)
	}
	answers := base.Answers.Clone()
	answers["type2_required"] = "no"
	data, err := profile.Encode("acme-payroll", "", answers, qs, base, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Parse("x.yaml", data, qs)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if p.Answers["type2_required"] != "no" || len(p.Held) != 2 || p.Expect == nil || p.Description != base.Description {
		t.Errorf("lost part of the base profile:\n%s", data)
	}
	if !strings.Contains(string(data), "# required;") {
		t.Errorf("comments were not kept:\n%s", data)
	}
}

func TestEncodeRefusesABadName(t *testing.T) {
	qs := load(t)
	if _, err := profile.Encode("Acme Inc", "", nil, qs, nil, time.Time{}); err == nil {
		t.Error("no error for a bad name")
	}
}

func TestSave(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.yaml")
	if err := profile.Save(path, []byte("one\n"), false); err != nil {
		t.Fatal(err)
	}
	if err := profile.Save(path, []byte("two\n"), false); !errors.Is(err, profile.ErrExists) || !strings.Contains(err.Error(), "--force") {
		t.Errorf("second save: %v, want ErrExists with a hint", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "one\n" {
		t.Errorf("file overwritten without force: %q", b)
	}
	if err := profile.Save(path, []byte("two\n"), true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "two\n" {
		t.Errorf("force did not overwrite: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files in the directory, want 1: temporary files left behind", len(entries))
	}
	if err := profile.Save(filepath.Join(dir, "missing", "p.yaml"), nil, false); err == nil || strings.Contains(err.Error(), "CreateTemp") {
		t.Errorf("save into a missing directory: %v", err)
	}
}

// TestSaveReplacesALinkNotItsTarget: --force replaces a link with the
// profile; the file it pointed to, outside, is not written through.
func TestSaveReplacesALinkNotItsTarget(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "p.yaml")
	if err := os.Symlink(victim, path); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := profile.Save(path, []byte("new\n"), false); !errors.Is(err, profile.ErrExists) {
		t.Errorf("without --force onto a link: %v, want ErrExists", err)
	}
	if err := profile.Save(path, []byte("new\n"), true); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the link was not replaced by a regular file: %v %v", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep me\n" {
		t.Errorf("written through the link: the target holds %q", b)
	}
}

// TestSaveRefusesWhatIsNotAFile: a directory is refused with or without
// --force, and nothing is written beside it.
func TestSaveRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "vendors")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, force := range []bool{false, true} {
		err := profile.Save(sub, []byte("x\n"), force)
		if !errors.Is(err, profile.ErrNotRegular) || !strings.Contains(err.Error(), sub+": it is a directory, not a regular file") {
			t.Errorf("force %v: %v, want ErrNotRegular naming a directory", force, err)
		}
		if err := profile.CheckSavePath(sub, force); !errors.Is(err, profile.ErrNotRegular) {
			t.Errorf("CheckSavePath, force %v: %v, want ErrNotRegular", force, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries beside the directory, want none", len(entries)-1)
	}
}

// TestCheckSavePath: what Save would refuse is found before anything is
// asked, and checking leaves nothing behind.
func TestCheckSavePath(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "p.yaml")
	if err := os.WriteFile(existing, []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path  string
		force bool
		want  string // "" for no error
	}{
		{filepath.Join(dir, "new.yaml"), false, ""},
		{existing, true, ""},
		{existing, false, existing + ": file exists (use --force to overwrite it)"},
		{filepath.Join(dir, "missing", "p.yaml"), false, "the directory " + filepath.Join(dir, "missing") + " does not exist"},
		{filepath.Join(existing, "p.yaml"), true, existing + " is not a directory"},
	} {
		err := profile.CheckSavePath(tt.path, tt.force)
		if (tt.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckSavePath(%s, %v) = %v, want %q", tt.path, tt.force, err, tt.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files left in the directory, want 1", len(entries))
	}
}

func TestNameFromPath(t *testing.T) {
	for in, want := range map[string]string{"vendors/Acme Payroll.yaml": "acme-payroll", "x/acme.yml": "acme", "": "vendor", "---.yaml": "vendor"} {
		if got := profile.NameFromPath(in); got != want {
			t.Errorf("NameFromPath(%q) = %q, want %q", in, got, want)
		}
	}
}
