package schema_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/render"
	"github.com/socpick/socpick/internal/ruletest"
	"github.com/socpick/socpick/internal/schema"
	"github.com/socpick/socpick/rules"
)

func loadDefault(t *testing.T) *engine.Ruleset {
	t.Helper()
	rs, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatalf("loading the default ruleset: %v", err)
	}
	return rs
}

// compile turns a generated schema into a validator, as an editor does
// with the file `socpick schema` wrote: through its JSON text. Compiling
// also checks the schema against the draft 2020-12 meta-schema.
func compile(t *testing.T, s *schema.Schema) *jsonschema.Schema {
	t.Helper()
	var b bytes.Buffer
	if err := render.WriteJSON(&b, s); err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(&b)
	if err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(s.ID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(s.ID)
	if err != nil {
		t.Fatalf("the schema does not compile as draft 2020-12: %v", err)
	}
	return sch
}

// instance reads YAML the way a YAML language server does (YAML 1.2):
// unquoted dates stay strings, yes and no are strings, true and false
// booleans, numbers numbers. yaml.v3 would turn dates into time.Time when
// decoding into any, so scalars are converted here by their tag.
func instance(t *testing.T, data []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("not YAML: %v", err)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	return jsonValue(t, doc.Content[0])
}

func jsonValue(t *testing.T, n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = jsonValue(t, n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		items := make([]any, len(n.Content))
		for i, c := range n.Content {
			items[i] = jsonValue(t, c)
		}
		return items
	case yaml.AliasNode:
		return jsonValue(t, n.Alias)
	}
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		return strings.EqualFold(n.Value, "true")
	case "!!int":
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if err != nil {
			t.Fatalf("line %d: integer %s: %v", n.Line, n.Value, err)
		}
		return i
	case "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil {
			t.Fatalf("line %d: number %s: %v", n.Line, n.Value, err)
		}
		return f
	}
	return n.Value // !!str and !!timestamp: the text as written
}

// failures lists the instance locations ("/held/0/period_end") of the
// innermost errors of a validation, with their messages.
func failures(err error) map[string]string {
	out := map[string]string{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			loc := "/" + strings.Join(e.InstanceLocation, "/")
			out[loc] += e.Error() + "; "
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		walk(ve)
	}
	return out
}

// profileFiles are the profiles of testdata, each with whether the profile
// loader accepts it.
func profileFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, glob := range []string{"profiles/*.yaml", "profiles/examples/*.yaml", "vendors/*.yaml"} {
		m, err := filepath.Glob(filepath.Join("..", "..", "testdata", glob))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 15 {
		t.Fatalf("found %d profiles under testdata; the globs are wrong", len(files))
	}
	return files
}

// TestProfileSchemaTestdata validates every profile of testdata: the
// schema accepts exactly those the loader accepts.
func TestProfileSchemaTestdata(t *testing.T) {
	rs := loadDefault(t)
	sch := compile(t, schema.Profile(rs.Questions, rs.Catalog))
	invalid := []string{"bad-values.yaml", "not-yaml.yaml", "unknown-key.yaml"}
	for _, file := range profileFiles(t) {
		t.Run(strings.TrimPrefix(filepath.ToSlash(file), "../../"), func(t *testing.T) {
			p, loadErr := profile.Read(file, rs.Questions)
			wantValid := !slices.Contains(invalid, filepath.Base(file))
			if (loadErr == nil) != wantValid {
				t.Fatalf("the profile loader says %v; this test expects valid=%t", loadErr, wantValid)
			}
			data := readFile(t, file)
			if filepath.Base(file) == "not-yaml.yaml" {
				// Not YAML: the editor's parser, not the schema, flags it.
				if err := yaml.Unmarshal(data, new(yaml.Node)); err == nil {
					t.Fatal("not-yaml.yaml parses as YAML")
				}
				return
			}
			err := sch.Validate(instance(t, data))
			switch {
			case wantValid && err != nil:
				t.Errorf("the schema rejects %s (profile %s), which the loader accepts:\n%v", file, p.Name, err)
			case !wantValid && err == nil:
				t.Errorf("the schema accepts %s, which the loader rejects:\n%v", file, loadErr)
			}
		})
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// baseProfile is valid; each case below changes one thing in it.
const baseProfile = `apiVersion: socpick/v1
kind: VendorProfile
metadata:
  name: acme-payroll
  description: Payroll SaaS
answers:
  services: [payroll, saas]
  financial_reporting_impact: "yes"
  customer_data: "yes"
  data_types: [personal, financial]
  controls_operating_months: 14
held:
  - report: soc1
    type: type2
    period_start: 2025-07-01
    period_end: 2026-06-30
    bridge_letter_through: 2026-09-30
  - report: soc2
    type: type1
    as_of: "2026-03-31"
    criteria: [security, availability]
expect:
  reports:
    - {report: soc1, type: type2}
    - {report: soc2, type: type2, criteria: [security, availability]}
`

// edit replaces old, which must occur exactly once, in base.
func edit(t *testing.T, base, old, new string) []byte {
	t.Helper()
	if n := strings.Count(base, old); n != 1 {
		t.Fatalf("%q occurs %d times in the base document, want once", old, n)
	}
	return []byte(strings.Replace(base, old, new, 1))
}

func TestProfileSchemaAccepts(t *testing.T) {
	rs := loadDefault(t)
	sch := compile(t, schema.Profile(rs.Questions, rs.Catalog))
	cases := []struct {
		name, old, new string
		doc            string // the whole document, instead of an edit
	}{
		{"the base profile", "", "", ""},
		{"unquoted yes", `customer_data: "yes"`, `customer_data: yes`, ""},
		{"true for yes", `customer_data: "yes"`, `customer_data: true`, ""},
		{"false for no", `financial_reporting_impact: "yes"`, `financial_reporting_impact: false`, ""},
		{"an exclusive value alone", `data_types: [personal, financial]`, `data_types: [none]`, ""},
		{"the bounds of an integer", `controls_operating_months: 14`, "controls_operating_months: 120\n  deadline_months: 0", ""},
		{"a quoted date", `period_end: 2026-06-30`, `period_end: "2026-06-30"`, ""},
		{"no criteria on a soc1", "    - {report: soc1, type: type2}", "    - {report: soc1, type: type2, criteria: []}", ""},
		{"no answers, held or expect", "", "", "apiVersion: socpick/v1\nkind: VendorProfile\nmetadata: {name: bare}\n"},
		{"an accented title", "  name: acme-payroll\n", "  name: acme-payroll\n  title: Ünïcödé GmbH\n", ""},
		{"a title of 100 characters", "  name: acme-payroll\n", "  name: acme-payroll\n  title: " + strings.Repeat("é", 100) + "\n", ""},
		{"an empty expectation", "    - {report: soc1, type: type2}\n    - {report: soc2, type: type2, criteria: [security, availability]}\n", "    []\n", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := []byte(baseProfile)
			if c.old != "" {
				data = edit(t, baseProfile, c.old, c.new)
			}
			if c.doc != "" {
				data = []byte(c.doc)
			}
			if _, err := profile.Parse("case.yaml", data, rs.Questions); err != nil {
				t.Fatalf("the loader rejects the case, so it is no test of the schema:\n%v\n%s", err, data)
			}
			if err := sch.Validate(instance(t, data)); err != nil {
				t.Errorf("the schema rejects a valid profile:\n%v\n%s", err, data)
			}
		})
	}
}

func TestProfileSchemaRejects(t *testing.T) {
	rs := loadDefault(t)
	sch := compile(t, schema.Profile(rs.Questions, rs.Catalog))
	cases := []struct {
		name, old, new string
		// at is where an editor underlines the problem.
		at string
	}{
		{"unknown top-level key", "kind: VendorProfile\n", "kind: VendorProfile\nowner: finance\n", "/"},
		{"wrong apiVersion", "apiVersion: socpick/v1", "apiVersion: socpick/v2", "/apiVersion"},
		{"wrong kind", "kind: VendorProfile", "kind: Rules", "/kind"},
		{"missing metadata", "metadata:\n  name: acme-payroll\n  description: Payroll SaaS\n", "", "/"},
		{"bad metadata.name", "name: acme-payroll", "name: Acme Payroll", "/metadata/name"},
		{"title of 101 characters", "  name: acme-payroll\n", "  name: acme-payroll\n  title: " + strings.Repeat("é", 101) + "\n", "/metadata/title"},
		{"title with a C1 control character", "  name: acme-payroll\n", "  name: acme-payroll\n  title: \"Acme\\u0085Payroll\"\n", "/metadata/title"},
		{"title with a direction override", "  name: acme-payroll\n", "  name: acme-payroll\n  title: \"Acme \\u202ePayroll\"\n", "/metadata/title"},
		{"unknown metadata key", "  description: Payroll SaaS", "  owner: me", "/metadata"},
		{"unknown answer key", "  customer_data:", "  custmer_data:", "/answers"},
		{"answer value outside the set", `customer_data: "yes"`, `customer_data: maybe`, "/answers/customer_data"},
		{"answer of the wrong type", `customer_data: "yes"`, `customer_data: 1`, "/answers/customer_data"},
		{"list with a bad item", "services: [payroll, saas]", "services: [payroll, sass]", "/answers/services/1"},
		{"list with a repeated item", "services: [payroll, saas]", "services: [payroll, payroll]", "/answers/services"},
		{"empty list", "services: [payroll, saas]", "services: []", "/answers/services"},
		{"a single value for a list", "services: [payroll, saas]", "services: payroll", "/answers/services"},
		{"exclusive value combined", "data_types: [personal, financial]", "data_types: [personal, none]", "/answers/data_types"},
		{"integer above the range", "controls_operating_months: 14", "controls_operating_months: 121", "/answers/controls_operating_months"},
		{"negative integer", "controls_operating_months: 14", "controls_operating_months: -3", "/answers/controls_operating_months"},
		{"integer as text", "controls_operating_months: 14", `controls_operating_months: "14"`, "/answers/controls_operating_months"},
		{"integer with a fraction", "controls_operating_months: 14", "controls_operating_months: 1.5", "/answers/controls_operating_months"},
		{"bad report id", "  - report: soc1\n    type: type2\n    period_start", "  - report: soc4\n    type: type2\n    period_start", "/held/0/report"},
		{"bad type", "  - report: soc1\n    type: type2\n", "  - report: soc1\n    type: Type II\n", "/held/0/type"},
		{"bad date string", "period_end: 2026-06-30", "period_end: 2026-6-30", "/held/0/period_end"},
		{"date in another notation", "as_of: \"2026-03-31\"", "as_of: 31/03/2026", "/held/1/as_of"},
		{"no month 13", "period_start: 2025-07-01", "period_start: 2025-13-01", "/held/0/period_start"},
		{"type2 without its period end", "    period_end: 2026-06-30\n", "", "/held/0"},
		{"type2 with as_of", "    bridge_letter_through: 2026-09-30\n", "    as_of: 2026-09-30\n", "/held/0/as_of"},
		{"type1 without as_of", "    as_of: \"2026-03-31\"\n", "", "/held/1"},
		{"type1 with a period", "    as_of: \"2026-03-31\"\n", "    as_of: \"2026-03-31\"\n    period_start: 2025-07-01\n", "/held/1/period_start"},
		{"criteria on a soc1", "    bridge_letter_through: 2026-09-30\n", "    criteria: [security]\n", "/held/0/criteria"},
		{"unknown criterion", "criteria: [security, availability]\nexpect", "criteria: [security, avilability]\nexpect", "/held/1/criteria/1"},
		{"unknown held key", "    bridge_letter_through:", "    bridge_letter:", "/held/0"},
		{"expect without reports", "expect:\n  reports:\n", "expect:\n  report:\n", "/expect"},
		{"bad expected type", "    - {report: soc1, type: type2}", "    - {report: soc1, type: Type 2}", "/expect/reports/0/type"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := edit(t, baseProfile, c.old, c.new)
			if _, err := profile.Parse("case.yaml", data, rs.Questions); err == nil {
				t.Fatalf("the loader accepts the case, so the schema must too:\n%s", data)
			}
			err := sch.Validate(instance(t, data))
			if err == nil {
				t.Fatalf("the schema accepts an invalid profile:\n%s", data)
			}
			if got := failures(err); got[c.at] == "" {
				t.Errorf("the schema reports %v, want a problem at %s", got, c.at)
			}
		})
	}
}

var validKeys = regexp.MustCompile(`unknown key "zzz" \(valid keys: ([^)]*)\)`)

// loaderKeys returns the keys the loader names as valid where it meets
// the unknown key zzz in data.
func loaderKeys(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		t.Fatal("the loader accepts an unknown key")
	}
	m := validKeys.FindStringSubmatch(err.Error())
	if m == nil {
		t.Fatalf("the loader's message names no valid keys: %v", err)
	}
	return strings.Split(m[1], ", ")
}

// TestProfileSchemaKeysAreTheLoaders checks the one part of the profile
// schema written in this package, the keys of the format, against the
// keys the profile loader says are valid, at every level.
func TestProfileSchemaKeysAreTheLoaders(t *testing.T) {
	rs := loadDefault(t)
	s := schema.Profile(rs.Questions, rs.Catalog)
	held := s.Properties.Lookup("held").Items
	expect := s.Properties.Lookup("expect")
	levels := []struct {
		name     string
		old, new string
		schema   *schema.Schema
	}{
		{"top level", "kind: VendorProfile\n", "kind: VendorProfile\nzzz: 1\n", s},
		{"metadata", "  name: acme-payroll\n", "  name: acme-payroll\n  zzz: 1\n", s.Properties.Lookup("metadata")},
		{"held", "  - report: soc1\n", "  - report: soc1\n    zzz: 1\n", held},
		{"expect", "expect:\n", "expect:\n  zzz: 1\n", expect},
		{"expect.reports", "{report: soc1, type: type2}", "{report: soc1, type: type2, zzz: 1}", expect.Properties.Lookup("reports").Items},
	}
	for _, l := range levels {
		_, err := profile.Parse("case.yaml", edit(t, baseProfile, l.old, l.new), rs.Questions)
		if want, got := loaderKeys(t, err), l.schema.Properties.Names(); !slices.Equal(got, want) {
			t.Errorf("%s: the schema has the keys %v, the loader %v", l.name, got, want)
		}
	}
	answers := s.Properties.Lookup("answers")
	if got, want := answers.Properties.Names(), rs.Questions.Keys(); !slices.Equal(got, want) {
		t.Errorf("answers: the schema has the keys %v, the questionnaire %v", got, want)
	}
}

// TestProfileSchemaHoverText checks what an editor shows on a key and in
// its completions: the question's prompt and help, and each option's label.
func TestProfileSchemaHoverText(t *testing.T) {
	rs := loadDefault(t)
	answers := schema.Profile(rs.Questions, rs.Catalog).Properties.Lookup("answers")
	for _, q := range rs.Questions.Questions {
		s := answers.Properties.Lookup(q.Key)
		if s.Title != q.Prompt {
			t.Errorf("%s: title %q, want the prompt %q", q.Key, s.Title, q.Prompt)
		}
		if !strings.Contains(s.Description, strings.TrimSpace(q.Help)) || !strings.Contains(s.Description, "--"+q.Flag()) {
			t.Errorf("%s: description %q lacks the help or the flag", q.Key, s.Description)
		}
		if q.AskIf != "" && !strings.Contains(s.Description, q.When()) {
			t.Errorf("%s: description %q does not say when it is asked (%s)", q.Key, s.Description, q.When())
		}
		values := s
		if q.Kind == questionnaire.KindList {
			values = s.Items
		}
		for i, o := range q.Options {
			if values.Enum[i] != o.Value || !strings.HasPrefix(values.EnumDescriptions[i], o.Label) {
				t.Errorf("%s: completion %d is %v (%q), want %s (%s)", q.Key, i, values.Enum[i], values.EnumDescriptions[i], o.Value, o.Label)
			}
		}
	}
}

// TestProfileSchemaCustomQuestions: a custom ruleset's questions make the
// answer keys, values and bounds; true and false stand for yes and no only
// where a question has them.
func TestProfileSchemaCustomQuestions(t *testing.T) {
	qs, err := questionnaire.Parse("questions.yaml", []byte(`apiVersion: socpick/v1
kind: Questionnaire
questions:
  - {key: tier, kind: choice, prompt: "Tier?", help: H., options: [{value: gold, label: Gold}, {value: silver, label: Silver}]}
  - {key: hosted, kind: choice, prompt: "Hosted?", help: H., options: [{value: "yes", label: "Yes"}, {value: "no", label: "No"}]}
  - {key: seats, kind: integer, prompt: "Seats?", help: H., min: 1, max: 5}
`))
	if err != nil {
		t.Fatal(err)
	}
	rs := loadDefault(t)
	s := schema.Profile(qs, rs.Catalog)
	sch := compile(t, s)
	if got := s.Properties.Lookup("answers").Properties.Names(); !slices.Equal(got, []string{"tier", "hosted", "seats"}) {
		t.Fatalf("answer keys %v, want the custom questionnaire's", got)
	}
	head := "apiVersion: socpick/v1\nkind: VendorProfile\nmetadata: {name: v}\nanswers:\n"
	for _, c := range []struct {
		answers string
		at      string // "" when valid
	}{
		{"  tier: gold\n  hosted: true\n  seats: 5\n", ""},
		{"  tier: true\n", "/answers/tier"},
		{"  seats: 6\n", "/answers/seats"},
		{"  seats: 0\n", "/answers/seats"},
		{"  services: [saas]\n", "/answers"},
	} {
		data := []byte(head + c.answers)
		_, loadErr := profile.Parse("case.yaml", data, qs)
		if (loadErr == nil) != (c.at == "") {
			t.Fatalf("%q: the loader says %v; the case expects valid=%t", c.answers, loadErr, c.at == "")
		}
		err := sch.Validate(instance(t, data))
		switch {
		case c.at == "" && err != nil:
			t.Errorf("%q: the schema rejects a valid profile: %v", c.answers, err)
		case c.at != "" && failures(err)[c.at] == "":
			t.Errorf("%q: the schema reports %v, want a problem at %s", c.answers, failures(err), c.at)
		}
	}
}

func TestSchemasAreDeterministic(t *testing.T) {
	rs := loadDefault(t)
	for name, gen := range map[string]func() *schema.Schema{
		"profile":   func() *schema.Schema { return schema.Profile(rs.Questions, rs.Catalog) },
		"rules":     func() *schema.Schema { return schema.Rules(rs.Questions, rs.Catalog, rs.Sources) },
		"tests":     func() *schema.Schema { return schema.Tests(rs) },
		"questions": schema.Questions,
		"catalog":   func() *schema.Schema { return schema.Catalog(rs.Sources) },
	} {
		var a, b bytes.Buffer
		if err := render.WriteJSON(&a, gen()); err != nil {
			t.Fatal(err)
		}
		if err := render.WriteJSON(&b, gen()); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two runs give different output", name)
		}
		var doc map[string]any
		if err := json.Unmarshal(a.Bytes(), &doc); err != nil {
			t.Fatalf("%s: not JSON: %v", name, err)
		}
		if doc["$schema"] != schema.Draft || doc["$id"] == "" || doc["title"] == "" {
			t.Errorf("%s: $schema %v, $id %v, title %v", name, doc["$schema"], doc["$id"], doc["title"])
		}
		if !strings.HasSuffix(a.String(), "}\n") || !strings.Contains(a.String(), "\n  \"$id\"") {
			t.Errorf("%s: not indented JSON ending in a newline", name)
		}
		compile(t, gen())
	}
}

// ruleset returns the default ruleset's files with the rule files replaced
// by one file holding rule.
func ruleset(t *testing.T, rule string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{questionnaire.FileName, engine.CatalogFile, engine.SourcesFile} {
		data, err := fs.ReadFile(rules.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	fsys["case.rules.yaml"] = &fstest.MapFile{Data: []byte(rule)}
	return fsys
}

// TestRulesSchemaRuleFiles validates every rule file of the default ruleset.
func TestRulesSchemaRuleFiles(t *testing.T) {
	rs := loadDefault(t)
	sch := compile(t, schema.Rules(rs.Questions, rs.Catalog, rs.Sources))
	files, err := fs.Glob(rules.FS, engine.RulesGlob)
	if err != nil || len(files) == 0 {
		t.Fatalf("no rule files: %v", err)
	}
	for _, name := range files {
		data, err := fs.ReadFile(rules.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(instance(t, data)); err != nil {
			t.Errorf("%s: the schema rejects a rule file the loader accepts:\n%v", name, err)
		}
	}
}

const baseRule = `apiVersion: socpick/v1
kind: Rules
rules:
  - id: soc2-data
    description: Customer data needs a SOC 2.
    when: customer_data == "yes"
    priority: 2
    recommend: [soc2]
    type: {soc2: type2}
    criteria: [security, availability]
    also_consider: [iso-27001]
    next_steps:
      - Ask your auditor.
    reason: You said you handle customers' data ({{ label("customer_data", customer_data) }}).
    sources: [aicpa-soc-for-service-organizations]
`

func TestRulesSchemaAcceptsAndRejects(t *testing.T) {
	rs := loadDefault(t)
	sch := compile(t, schema.Rules(rs.Questions, rs.Catalog, rs.Sources))
	checkEdits(t, sch, baseRule, "rule file", func(t *testing.T, data []byte) error {
		_, err := engine.Load(ruleset(t, string(data)))
		return err
	}, []editCase{
		{"the base rule", "", "", ""},
		{"a note with next steps only", "    recommend: [soc2]\n    type: {soc2: type2}\n    criteria: [security, availability]\n    also_consider: [iso-27001]\n", "    note: true\n", ""},
		{"unknown key", "    priority: 2\n", "    priority: 2\n    severity: high\n", "/rules/0"},
		{"no sources", "    sources: [aicpa-soc-for-service-organizations]\n", "", ""},
		{"a source not in sources.yaml", "sources: [aicpa-soc-for-service-organizations]", "sources: [domain-md]", "/rules/0/sources/0"},
		{"the old free-text source", "    sources: [aicpa-soc-for-service-organizations]\n", "    source: domain.md\n", "/rules/0"},
		{"a SOC 3 type", "type: {soc2: type2}", "type: {soc3: type2}", "/rules/0/type/soc3"},
		{"missing when", "    when: customer_data == \"yes\"\n", "", "/rules/0"},
		{"a condition that is not text", "    when: customer_data == \"yes\"\n", "    when: true\n", "/rules/0/when"},
		{"bad id", "id: soc2-data", "id: SOC2 data", "/rules/0/id"},
		{"unknown report", "recommend: [soc2]", "recommend: [soc4]", "/rules/0/recommend/0"},
		{"unknown type", "type: {soc2: type2}", "type: {soc2: type3}", "/rules/0/type/soc2"},
		{"type of an unknown report", "type: {soc2: type2}", "type: {soc5: type2}", "/rules/0/type"},
		{"type naming no report", "type: {soc2: type2}", "type: {}", "/rules/0/type"},
		{"unknown criterion", "criteria: [security, availability]", "criteria: [security, avail]", "/rules/0/criteria/1"},
		{"unknown also-consider id", "also_consider: [iso-27001]", "also_consider: [iso-9001]", "/rules/0/also_consider/0"},
		{"priority as text", "priority: 2", "priority: high", "/rules/0/priority"},
		{"a next step that is not text", "      - Ask your auditor.", "      - 42", "/rules/0/next_steps/0"},
		{"wrong kind", "kind: Rules", "kind: Rule", "/kind"},
		{"unknown top-level key", "kind: Rules\n", "kind: Rules\nowner: me\n", "/"},
	})
}

// TestRulesSchemaKeysAreTheLoaders: the schema's keys are the ones the
// loader names as valid, each with hover text.
func TestRulesSchemaKeysAreTheLoaders(t *testing.T) {
	rs := loadDefault(t)
	s := schema.Rules(rs.Questions, rs.Catalog, rs.Sources)
	rule := s.Properties.Lookup("rules").Items
	levels := []struct {
		name     string
		old, new string
		schema   *schema.Schema
	}{
		{"top level", "kind: Rules\n", "kind: Rules\nzzz: 1\n", s},
		{"rule", "    priority: 2\n", "    priority: 2\n    zzz: 1\n", rule},
		{"type", "type: {soc2: type2}", "type: {soc2: type2, zzz: 1}", rule.Properties.Lookup("type")},
	}
	for _, l := range levels {
		_, err := engine.Load(ruleset(t, string(edit(t, baseRule, l.old, l.new))))
		if want, got := loaderKeys(t, err), l.schema.Properties.Names(); !slices.Equal(got, want) {
			t.Errorf("%s: the schema has the keys %v, the loader %v", l.name, got, want)
		}
	}
	if undocumented := undocumentedKeys(s); len(undocumented) > 0 {
		t.Errorf("keys without a description (add them to ruleDocs): %v", undocumented)
	}
	if when := rule.Properties.Lookup("when").Description; !strings.Contains(when, "controls_operating_months") {
		t.Errorf("when: the description does not name the answer keys: %q", when)
	}
	consider := rule.Properties.Lookup("also_consider").Items
	if fmt.Sprint(consider.Enum) != fmt.Sprint(rs.Catalog.AlsoConsiderIDs()) {
		t.Errorf("also_consider: values %v, want the catalog's %v", consider.Enum, rs.Catalog.AlsoConsiderIDs())
	}
}

// fixtureDir is the small ruleset of testdata, whose files are checked
// against schemas made from it.
const fixtureDir = "../../testdata/fixture-rules"

func loadFixture(t *testing.T) *engine.Ruleset {
	t.Helper()
	rs, err := engine.Load(os.DirFS(fixtureDir))
	if err != nil {
		t.Fatalf("loading the fixture ruleset: %v", err)
	}
	return rs
}

// rulesetFile is one file of a ruleset of the repository, with the
// ruleset it belongs to.
type rulesetFile struct {
	name string
	data []byte
	rs   *engine.Ruleset
}

// rulesetFiles returns the files matching glob in the default ruleset and
// in the fixture ruleset; at least one of each.
func rulesetFiles(t *testing.T, glob string) []rulesetFile {
	t.Helper()
	var files []rulesetFile
	for _, r := range []struct {
		dir  string
		fsys fs.FS
		rs   *engine.Ruleset
	}{{"rules", rules.FS, loadDefault(t)}, {"testdata/fixture-rules", os.DirFS(fixtureDir), loadFixture(t)}} {
		names, err := fs.Glob(r.fsys, glob)
		if err != nil || len(names) == 0 {
			t.Fatalf("%s: no %s: %v", r.dir, glob, err)
		}
		for _, name := range names {
			data, err := fs.ReadFile(r.fsys, name)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, rulesetFile{name: r.dir + "/" + name, data: data, rs: r.rs})
		}
	}
	return files
}

// The schemas of a ruleset's other files, each made for the ruleset its
// file belongs to.
var rulesetSchemas = map[string]func(rs *engine.Ruleset) *schema.Schema{
	"tests":     schema.Tests,
	"questions": func(*engine.Ruleset) *schema.Schema { return schema.Questions() },
	"catalog":   func(rs *engine.Ruleset) *schema.Schema { return schema.Catalog(rs.Sources) },
}

// TestRulesetFilesSchemas validates the test, questions and catalog files
// of the default and the fixture ruleset, which their loaders accept.
func TestRulesetFilesSchemas(t *testing.T) {
	for target, glob := range map[string]string{"tests": "*.test.yaml", "questions": questionnaire.FileName, "catalog": engine.CatalogFile} {
		for _, f := range rulesetFiles(t, glob) {
			t.Run(f.name, func(t *testing.T) {
				sch := compile(t, rulesetSchemas[target](f.rs))
				if err := sch.Validate(instance(t, f.data)); err != nil {
					t.Errorf("the %s schema rejects %s, which its loader accepts:\n%v", target, f.name, err)
				}
			})
		}
	}
}

// loadAs reads data with the loader of target, for the default ruleset.
func loadAs(t *testing.T, target, name string, data []byte) error {
	t.Helper()
	switch target {
	case "tests":
		_, err := ruletest.Parse(name, data, loadDefault(t))
		return err
	case "questions":
		_, err := questionnaire.Parse(name, data)
		return err
	case "catalog":
		fsys := fstest.MapFS{}
		for _, n := range []string{questionnaire.FileName, engine.SourcesFile, "10-reports.rules.yaml"} {
			d, err := fs.ReadFile(rules.FS, n)
			if err != nil {
				t.Fatal(err)
			}
			fsys[n] = &fstest.MapFile{Data: d}
		}
		fsys[engine.CatalogFile] = &fstest.MapFile{Data: data}
		_, err := engine.Load(fsys)
		return err
	}
	t.Fatalf("no loader for %s", target)
	return nil
}

// TestRulesetFilesSchemasReject: the files of testdata/schema-invalid,
// which their loaders reject, are rejected by the schema too, at the
// place an editor underlines.
func TestRulesetFilesSchemasReject(t *testing.T) {
	rs := loadDefault(t)
	dir := filepath.Join("..", "..", "testdata", "schema-invalid")
	cases := map[string]struct{ target, at string }{
		"bad-answer.test.yaml":                {"tests", "/defaults/services/0"},
		"unknown-key.test.yaml":               {"tests", "/tests/0/expect"},
		"integer-with-options.questions.yaml": {"questions", "/questions/0/options"},
		"unknown-kind.questions.yaml":         {"questions", "/questions/0/kind"},
		"unknown-type.catalog.yaml":           {"catalog", "/type_preference/1"},
		"missing-reports.catalog.yaml":        {"catalog", "/"},
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(cases) {
		t.Errorf("%s holds %d files, the test knows %d: add the new one here", dir, len(entries), len(cases))
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			data := readFile(t, filepath.Join(dir, name))
			if err := loadAs(t, c.target, name, data); err == nil {
				t.Fatalf("the %s loader accepts %s, so it is no test of the schema", c.target, name)
			}
			err := compile(t, rulesetSchemas[c.target](rs)).Validate(instance(t, data))
			if err == nil {
				t.Fatalf("the %s schema accepts %s", c.target, name)
			}
			if got := failures(err); got[c.at] == "" {
				t.Errorf("the schema reports %v, want a problem at %s", got, c.at)
			}
		})
	}
}

const baseTests = `apiVersion: socpick/v1
kind: RuleTests
as_of: 2026-01-15
defaults:
  customer_data: "yes"
tests:
  - name: a case
    answers:
      services: [saas]
    sources: [aicpa-soc-for-service-organizations]
    expect:
      reports:
        - {report: soc2, type: type2, criteria: [security], interim: none}
        - {report: soc3}
      fired: [soc2-customer-data]
      warnings: [assumed-answer]
      deadline: none
      milestones:
        - {id: type2-period, report: soc2, start: 2026-01-01, end: 2026-06-30}
`

// TestTestsSchemaAcceptsAndRejects: what the test loader reads of a case,
// and ids of the ruleset, as the schema sees them.
func TestTestsSchemaAcceptsAndRejects(t *testing.T) {
	rs := loadDefault(t)
	sch := compile(t, schema.Tests(rs))
	checkEdits(t, sch, baseTests, "test file", func(t *testing.T, data []byte) error {
		// The loader also says which questions the case leaves
		// unanswered: only its other problems tell validity here.
		_, err := ruletest.Parse("case.test.yaml", data, rs)
		if err != nil {
			err = withoutUnanswered(err)
		}
		return err
	}, []editCase{
		{"the base file", "", "", ""},
		{"no reports expected", "      reports:\n        - {report: soc2, type: type2, criteria: [security], interim: none}\n        - {report: soc3}\n", "      reports: []\n", ""},
		{"an unknown rule", "fired: [soc2-customer-data]", "fired: [soc2-customer-dat]", "/tests/0/expect/fired/0"},
		{"an unknown source", "sources: [aicpa-soc-for-service-organizations]", "sources: [nowhere]", "/tests/0/sources/0"},
		{"an unknown warning code", "warnings: [assumed-answer]", "warnings: [assumed]", "/tests/0/expect/warnings/0"},
		{"a SOC 3 with a type", "{report: soc3}", "{report: soc3, type: type2}", "/tests/0/expect/reports/1/type"},
		{"a SOC 2 without a type", "{report: soc2, type: type2, criteria: [security], interim: none}", "{report: soc2}", "/tests/0/expect/reports/0"},
		{"a bad interim", "interim: none", "interim: type2", "/tests/0/expect/reports/0/interim"},
		{"a bad deadline", "deadline: none", "deadline: late", "/tests/0/expect/deadline"},
		{"a milestone that is a day and a span", "end: 2026-06-30}", "end: 2026-06-30, date: 2026-07-01}", "/tests/0/expect/milestones/0/start"},
		{"an unknown milestone", "id: type2-period", "id: type2-perod", "/tests/0/expect/milestones/0/id"},
		{"a bad date", "as_of: 2026-01-15", "as_of: 15/01/2026", "/as_of"},
		{"an answer outside the values", "services: [saas]", "services: [sass]", "/tests/0/answers/services/0"},
		{"a case without expect", "    expect:\n", "    xpect:\n", "/tests/0"},
		{"wrong kind", "kind: RuleTests", "kind: RuleTest", "/kind"},
	})
}

// withoutUnanswered drops the loader's "leaves ... unanswered" problems,
// which a schema cannot see; nil when none other is left.
func withoutUnanswered(err error) error {
	var left []string
	for _, line := range strings.Split(err.Error(), "\n") {
		if !strings.Contains(line, " unanswered (answer ") {
			left = append(left, line)
		}
	}
	if len(left) == 0 {
		return nil
	}
	return errors.New(strings.Join(left, "\n"))
}

// TestRulesetFilesSchemaKeysAreTheLoaders: the keys of the tests,
// questions and catalog schemas are the ones their loaders name as valid,
// at every level, and each has hover text.
func TestRulesetFilesSchemaKeysAreTheLoaders(t *testing.T) {
	rs := loadDefault(t)
	tests := schema.Tests(rs)
	testCase := tests.Properties.Lookup("tests").Items
	expect := testCase.Properties.Lookup("expect")
	questions := schema.Questions()
	question := questions.Properties.Lookup("questions").Items
	catalog := schema.Catalog(rs.Sources)
	plan := catalog.Properties.Lookup("plan")
	defaultFile := func(name string) string { return string(readFile(t, filepath.Join("..", "..", "rules", name))) }
	testFile, questionsFile, catalogFile := baseTests, defaultFile(questionnaire.FileName), defaultFile(engine.CatalogFile)
	levels := []struct {
		target, name string
		base         string
		old, new     string
		schema       *schema.Schema
	}{
		{"tests", "top level", testFile, "kind: RuleTests\n", "kind: RuleTests\nzzz: 1\n", tests},
		{"tests", "case", testFile, "  - name: a case\n", "  - name: a case\n    zzz: 1\n", testCase},
		{"tests", "expect", testFile, "      deadline: none\n", "      deadline: none\n      zzz: 1\n", expect},
		{"tests", "expect.reports", testFile, "{report: soc3}", "{report: soc3, zzz: 1}", expect.Properties.Lookup("reports").Items},
		{"tests", "expect.milestones", testFile, "{id: type2-period,", "{zzz: 1, id: type2-period,", expect.Properties.Lookup("milestones").Items},
		{"questions", "top level", questionsFile, "kind: Questionnaire\n", "kind: Questionnaire\nzzz: 1\n", questions},
		{"questions", "question", questionsFile, "  - key: customer_requests\n", "  - key: customer_requests\n    zzz: 1\n", question},
		{"questions", "option", questionsFile, "{value: soc1, label: a SOC 1 report,", "{zzz: 1, value: soc1, label: a SOC 1 report,", question.Properties.Lookup("options").Items},
		{"catalog", "top level", catalogFile, "kind: Catalog\n", "kind: Catalog\nzzz: 1\n", catalog},
		{"catalog", "entry", catalogFile, "{id: soc1, name: SOC 1,", "{zzz: 1, id: soc1, name: SOC 1,", catalog.Properties.Lookup("reports").Items},
		{"catalog", "plan", catalogFile, "  first_period_months: 6\n", "  first_period_months: 6\n  zzz: 1\n", plan},
		{"catalog", "plan.milestones", catalogFile, "    readiness: Readiness", "    zzz: 1\n    readiness: Readiness", plan.Properties.Lookup("milestones")},
		{"catalog", "required_criteria", catalogFile, "  soc2: [security]\n  soc3", "  zzz: [security]\n  soc2: [security]\n  soc3", catalog.Properties.Lookup("required_criteria")},
		{"catalog", "estimates", catalogFile, "    cost_usd: {low: 10000, high: 60000}\n", "    cost_usd: {low: 10000, high: 60000}\n    zzz: 1\n", catalog.Properties.Lookup("estimates").Items},
	}
	for _, l := range levels {
		err := loadAs(t, l.target, "case.yaml", edit(t, l.base, l.old, l.new))
		if want, got := loaderKeys(t, err), l.schema.Properties.Names(); !slices.Equal(got, want) {
			t.Errorf("%s %s: the schema has the keys %v, the loader %v", l.target, l.name, got, want)
		}
	}
	for name, s := range map[string]*schema.Schema{"tests": tests, "questions": questions, "catalog": catalog} {
		if undocumented := undocumentedKeys(s); len(undocumented) > 0 {
			t.Errorf("%s: keys without a description: %v", name, undocumented)
		}
	}
}

// undocumentedKeys lists the keys of s, at every level, that have no
// description for an editor to show.
func undocumentedKeys(s *schema.Schema) []string {
	var undocumented []string
	var walk func(path string, s *schema.Schema)
	walk = func(path string, s *schema.Schema) {
		for _, p := range s.Properties {
			if p.Schema.Description == "" {
				undocumented = append(undocumented, path+p.Name)
			}
			walk(path+p.Name+".", p.Schema)
			if p.Schema.Items != nil {
				walk(path+p.Name+"[].", p.Schema.Items)
			}
		}
	}
	walk("", s)
	return undocumented
}

// editCase is an edit of a base document, replacing old with new (none
// when old is ""), and where the schema must find a problem: at is ""
// when the edited document is valid.
type editCase struct{ name, old, new, at string }

// checkEdits runs each case on base: the edited document must be judged
// by the schema as load, its loader, judges it (see agree). what names
// the document's kind in messages.
func checkEdits(t *testing.T, sch *jsonschema.Schema, base, what string, load func(t *testing.T, data []byte) error, cases []editCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := []byte(base)
			if c.old != "" {
				data = edit(t, base, c.old, c.new)
			}
			agree(t, sch, data, load(t, data), c.at, what)
		})
	}
}

// agree checks that the schema judges data as its loader did (loadErr):
// valid when at is "", else invalid with a problem at at. what names the
// file's kind in messages.
func agree(t *testing.T, sch *jsonschema.Schema, data []byte, loadErr error, at, what string) {
	t.Helper()
	if (loadErr == nil) != (at == "") {
		t.Fatalf("the loader says %v; the case expects valid=%t\n%s", loadErr, at == "", data)
	}
	err := sch.Validate(instance(t, data))
	switch {
	case at == "" && err != nil:
		t.Errorf("the schema rejects a valid %s:\n%v\n%s", what, err, data)
	case at != "" && err == nil:
		t.Errorf("the schema accepts an invalid %s:\n%s", what, data)
	case at != "" && failures(err)[at] == "":
		t.Errorf("the schema reports %v, want a problem at %s", failures(err), at)
	}
}
