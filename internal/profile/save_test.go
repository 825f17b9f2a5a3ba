package profile_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/questionnaire"
)

// Answers are written in the questions' order, yes and no quoted, lists
// in flow style, and read back the same.
func TestEncodeRoundTrips(t *testing.T) {
	qs := load(t)
	answers := questionnaire.Answers{"services": []string{"payroll", "saas"}, "type2_required": "no", "customer_data": "yes",
		"data_types": []string{"personal"}, "controls_operating_months": 14}
	data, err := profile.Encode("acme", answers, qs, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `apiVersion: socpick/v1
kind: VendorProfile
metadata:
  name: acme
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
	data, err := profile.Encode("acme-payroll", answers, qs, base)
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
	if _, err := profile.Encode("Acme Inc", nil, qs, nil); err == nil {
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

func TestNameFromPath(t *testing.T) {
	for in, want := range map[string]string{"vendors/Acme Payroll.yaml": "acme-payroll", "x/acme.yml": "acme", "": "vendor", "---.yaml": "vendor"} {
		if got := profile.NameFromPath(in); got != want {
			t.Errorf("NameFromPath(%q) = %q, want %q", in, got, want)
		}
	}
}
