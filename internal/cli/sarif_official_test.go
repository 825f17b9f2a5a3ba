package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// multitoolDir holds Microsoft's SARIF Multitool and, with it, the official
// SARIF 2.1.0 JSON Schema; .ci/run installs them with npm ci.
var multitoolDir = filepath.Join("..", "..", "testdata", "sarif", "multitool", "node_modules", "@microsoft", "sarif-multitool-linux")

// multitoolIssue is a line of the Multitool's validate output that reports
// a problem: FILE(LINE,COL): error|warning SARIFnnnn: ...
var multitoolIssue = regexp.MustCompile(`\): (error|warning) (SARIF\d+|JSON\d*): `)

// TestSARIFPassesTheOfficialChecks: check's SARIF, for profiles named by
// relative and absolute paths, with findings of every kind and a profile
// that cannot be read, validates against the official SARIF 2.1.0 schema
// and passes the Multitool's checks of the specification's rules. The
// only warning allowed is a development build's version, "(devel)", which
// a release replaces. Skipped without the Multitool, unless
// SOCPICK_REQUIRE_SARIF is set (as .ci/run sets it once it has installed
// it).
func TestSARIFPassesTheOfficialChecks(t *testing.T) {
	tool := filepath.Join(multitoolDir, "Sarif.Multitool")
	schemaFile := filepath.Join(multitoolDir, "sarif-2.1.0.json")
	if _, err := os.Stat(tool); err != nil {
		if os.Getenv("SOCPICK_REQUIRE_SARIF") != "" {
			t.Fatalf("the SARIF Multitool is required but not installed: %v", err)
		}
		t.Skip("the SARIF Multitool is not installed: npm ci --prefix testdata/sarif/multitool (Linux)")
	}
	sch := compileJSONSchema(t, schemaFile, false)

	dir := t.TempDir()
	bad := filepath.Join(dir, "bad profile #1.yaml") // a space and a # to encode
	if err := os.WriteFile(bad, []byte("apiVersion: socpick/v1\nkind: VendorProfile\nmetadata: {name: x}\nanswers: {services: [sass]}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	vendors := filepath.Join("..", "..", "testdata", "vendors")
	absVendors, _ := filepath.Abs(vendors)
	for name, paths := range map[string][]string{
		"relative": {vendors, bad},
		"absolute": {absVendors},
	} {
		data, _ := checkSARIF(t, paths...)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s paths: the SARIF log does not validate against the official schema: %v", name, err)
		}
		log := filepath.Join(dir, name+".sarif")
		if err := os.WriteFile(log, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(tool, "validate", log, "-o", filepath.Join(dir, name+".validation.sarif")).CombinedOutput()
		if err != nil {
			t.Errorf("%s paths: the Multitool failed (%v):\n%s", name, err, out)
		}
		for _, line := range strings.Split(string(out), "\n") {
			if multitoolIssue.MatchString(line) && !(strings.Contains(line, "SARIF2005") && strings.Contains(line, "'(devel)'")) {
				t.Errorf("%s paths: %s", name, line)
			}
		}
	}
}
