package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID              string            `json:"ruleId"`
			RuleIndex           int               `json:"ruleIndex"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Locations           []struct {
				PhysicalLocation struct {
					Region struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

func checkSARIF(t *testing.T, paths ...string) ([]byte, sarifLog) {
	t.Helper()
	ios, out, errOut := bufferStreams("")
	Run(append([]string{"check", "--as-of", "2026-11-22", "--format", "sarif"}, paths...), ios)
	if errOut.Len() > 0 && !strings.Contains(errOut.String(), "could not be checked") {
		t.Logf("stderr: %s", errOut)
	}
	var log sarifLog
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return out.Bytes(), log
}

// check --format sarif is SARIF 2.1.0, held to the specification's schema
// for every property it writes: one rule per finding code, results naming
// them by id and index, at the profile's path and line.
func TestSARIFIsValid(t *testing.T) {
	schemaFile := filepath.Join("..", "..", "testdata", "sarif", "sarif-2.1.0-subset.schema.json")
	sch := compileJSONSchema(t, schemaFile, true)
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("apiVersion: socpick/v1\nkind: VendorProfile\nmetadata: {name: x}\nanswers: {services: [sass]}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data, log := checkSARIF(t, filepath.Join("..", "..", "testdata", "vendors"), bad)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("the SARIF log does not validate: %v", err)
	}
	rules := log.Runs[0].Tool.Driver.Rules
	results := log.Runs[0].Results
	if len(results) < 8 {
		t.Fatalf("%d results", len(results))
	}
	for _, r := range results {
		if r.RuleIndex < 0 || r.RuleIndex >= len(rules) || rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s names rule index %d", r.RuleID, r.RuleIndex)
		}
		if r.PartialFingerprints["socpickFinding/v1"] == "" {
			t.Errorf("result %s has no fingerprint", r.RuleID)
		}
	}
}

// A finding keeps its fingerprint when the profile's lines move, so that
// code scanning tracks it across commits.
func TestSARIFFingerprintsFollowFindings(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "vendors", "acme-payroll.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "acme.yaml")
	if err := os.WriteFile(p, src, 0o644); err != nil {
		t.Fatal(err)
	}
	_, before := checkSARIF(t, p)
	if err := os.WriteFile(p, append([]byte("# a comment moves every line\n\n"), src...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, after := checkSARIF(t, p)
	b, a := before.Runs[0].Results, after.Runs[0].Results
	if len(b) == 0 || len(a) != len(b) {
		t.Fatalf("%d results, then %d", len(b), len(a))
	}
	for i := range b {
		if b[i].PartialFingerprints["socpickFinding/v1"] != a[i].PartialFingerprints["socpickFinding/v1"] {
			t.Errorf("%s: the fingerprint changed with the lines", b[i].RuleID)
		}
		if len(b[i].Locations) > 0 && a[i].Locations[0].PhysicalLocation.Region.StartLine != b[i].Locations[0].PhysicalLocation.Region.StartLine+2 {
			t.Errorf("%s: line %d then %d", b[i].RuleID, b[i].Locations[0].PhysicalLocation.Region.StartLine, a[i].Locations[0].PhysicalLocation.Region.StartLine)
		}
	}
}

// compileJSONSchema compiles the JSON Schema in file, checking formats
// (uri, date-time) too when formats is set.
func compileJSONSchema(t *testing.T, file string, formats bool) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if formats {
		c.AssertFormat()
	}
	if err := c.AddResource(filepath.Base(file), doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(filepath.Base(file))
	if err != nil {
		t.Fatal(err)
	}
	return sch
}
