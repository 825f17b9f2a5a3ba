package cli

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/rules"
)

// schemaDoc is the part of a printed schema these tests read.
type schemaDoc struct {
	Schema     string `json:"$schema"`
	ID         string `json:"$id"`
	Title      string `json:"title"`
	Properties map[string]struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Items      struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"items"`
	} `json:"properties"`
}

func printSchema(t *testing.T, rs *engine.Ruleset, target string) (schemaDoc, string) {
	t.Helper()
	ios, out, _ := bufferStreams("")
	if err := runSchema(&schemaOptions{IO: ios, Ruleset: rs, Target: target}); err != nil {
		t.Fatal(err)
	}
	var doc schemaDoc
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("socpick schema %s: not JSON: %v", target, err)
	}
	return doc, out.String()
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func TestRunSchemaProfile(t *testing.T) {
	rs := defaultRuleset(t)
	doc, out := printSchema(t, rs, "profile")
	if doc.Schema != "https://json-schema.org/draft/2020-12/schema" || doc.ID == "" || doc.Title == "" {
		t.Errorf("$schema %q, $id %q, title %q", doc.Schema, doc.ID, doc.Title)
	}
	want := rs.Questions.Keys()
	slices.Sort(want)
	if got := sortedKeys(doc.Properties["answers"].Properties); !slices.Equal(got, want) {
		t.Errorf("answer keys %v, want the questionnaire's %v", got, want)
	}
	if _, again := printSchema(t, rs, "profile"); again != out {
		t.Error("two runs print different schemas")
	}
}

func TestRunSchemaRules(t *testing.T) {
	doc, out := printSchema(t, defaultRuleset(t), "rules")
	rule := doc.Properties["rules"].Items.Properties
	for _, key := range []string{"id", "when", "recommend", "type", "also_consider", "next_steps", "reason", "sources", "obligations", "warning"} {
		if _, ok := rule[key]; !ok {
			t.Errorf("the rules schema has no %s (keys: %v)", key, sortedKeys(rule))
		}
	}
	if !strings.Contains(out, `"isae-3402"`) {
		t.Error("the also-consider ids of the catalog are not offered")
	}
}

// The schemas of a ruleset's other files: each names its kind, and takes
// its ids from the ruleset in use.
func TestRunSchemaRulesetFiles(t *testing.T) {
	rs := defaultRuleset(t)
	for _, c := range []struct {
		target, kind string
		// offers is a value the schema completes, from the ruleset.
		offers string
	}{
		{"tests", "RuleTests", `"` + rs.Rules[0].ID + `"`},
		{"questions", "Questionnaire", `"integer"`},
		{"catalog", "Catalog", `"` + rs.Sources.IDs()[0] + `"`},
	} {
		doc, out := printSchema(t, rs, c.target)
		if doc.Schema != "https://json-schema.org/draft/2020-12/schema" || !strings.HasSuffix(doc.ID, ":"+c.kind) || doc.Title == "" {
			t.Errorf("%s: $schema %q, $id %q, title %q", c.target, doc.Schema, doc.ID, doc.Title)
		}
		if !strings.Contains(out, `"const": "`+c.kind+`"`) {
			t.Errorf("%s: kind is not %s", c.target, c.kind)
		}
		if !strings.Contains(out, c.offers) {
			t.Errorf("%s: %s is not offered", c.target, c.offers)
		}
	}
}

// A custom ruleset's questions are the profile schema's answer keys.
func TestRunSchemaCustomRuleset(t *testing.T) {
	fsys := fstest.MapFS{
		"questions.yaml": {Data: []byte(`apiVersion: socpick/v1
kind: Questionnaire
questions:
  - {key: q, kind: choice, prompt: "Q?", help: H., options: [{value: "yes", label: "Yes"}, {value: "no", label: "No"}]}
`)},
		"r.rules.yaml": {Data: []byte(`apiVersion: socpick/v1
kind: Rules
rules:
  - {id: r, when: q == "yes", recommend: [soc2], reason: Because.}
`)},
	}
	catalog, err := rules.FS.ReadFile(engine.CatalogFile)
	if err != nil {
		t.Fatal(err)
	}
	fsys[engine.CatalogFile] = &fstest.MapFile{Data: catalog}
	sources, err := rules.FS.ReadFile(engine.SourcesFile)
	if err != nil {
		t.Fatal(err)
	}
	fsys[engine.SourcesFile] = &fstest.MapFile{Data: sources}
	rs, err := engine.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := printSchema(t, rs, "profile")
	if got := sortedKeys(doc.Properties["answers"].Properties); !slices.Equal(got, []string{"q"}) {
		t.Errorf("answer keys %v, want the custom ruleset's [q]", got)
	}
}

func TestSchemaCmdArgs(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "schema needs to know which schema: profile, rules, tests, questions or catalog"},
		{[]string{"xml"}, `unknown schema "xml" (want profile, rules, tests, questions or catalog)`},
		{[]string{"profil"}, `unknown schema "profil" (want profile, rules, tests, questions or catalog) (did you mean "profile"?)`},
		{[]string{"test"}, `(did you mean "tests"?)`},
		{[]string{"profile", "rules"}, "prints one schema at a time, got profile rules (want profile, rules, tests, questions or catalog)"},
	} {
		ios, out, _ := bufferStreams("")
		cmd := newSchemaCmd(NewFactory(ios))
		cmd.SetArgs(c.args)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		err := cmd.Execute()
		var usage *usageError
		if !errors.As(err, &usage) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("schema %v: error %v, want a usage error saying %q", c.args, err, c.want)
		}
		if exitCode(err) != ExitUsage || out.Len() > 0 {
			t.Errorf("schema %v: exit %d, output %q; want exit 2 and no output", c.args, exitCode(err), out)
		}
	}
	// A ruleset that did not load is the error, not a schema of nothing.
	ios, out, _ := bufferStreams("")
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "questions.yaml"), []byte("broken: ["), 0o644); err != nil {
		t.Fatal(err)
	}
	f := NewFactory(ios)
	f.rules = rulesFlag{dir: broken, set: true}
	cmd := newSchemaCmd(f)
	cmd.SetArgs([]string{"profile"})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "no rule files") || out.Len() > 0 {
		t.Errorf("with a broken ruleset: error %v, output %q", err, out)
	}
}
