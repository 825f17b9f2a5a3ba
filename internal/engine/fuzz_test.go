package engine_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/strictyaml"
	"github.com/socpick/socpick/rules"
)

// FuzzLoad feeds the loader a questions file and a rules file beside the
// default catalog: whatever the bytes, it returns a ruleset or problems a
// person can read (FILE:LINE:COL), and never panics. The seeds are the
// default ruleset's files and the broken ones under testdata/fuzz/rules.
func FuzzLoad(f *testing.F) {
	questions, err := fs.ReadFile(rules.FS, questionnaire.FileName)
	if err != nil {
		f.Fatal(err)
	}
	catalog, err := fs.ReadFile(rules.FS, engine.CatalogFile)
	if err != nil {
		f.Fatal(err)
	}
	sources, err := fs.ReadFile(rules.FS, engine.SourcesFile)
	if err != nil {
		f.Fatal(err)
	}
	defaults, _ := fs.Glob(rules.FS, engine.RulesGlob)
	for _, name := range defaults {
		data, _ := fs.ReadFile(rules.FS, name)
		f.Add(questions, data)
	}
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "fuzz", "rules", "*.yaml"))
	if len(seeds) == 0 {
		f.Fatal("no seeds under testdata/fuzz/rules")
	}
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(questions, data)
	}
	f.Add([]byte("apiVersion: socpick/v1\nkind: Questionnaire\nquestions: []\n"), []byte("rules: [{id: x}]"))

	f.Fuzz(func(t *testing.T, questionsYAML, rulesYAML []byte) {
		fsys := fstest.MapFS{
			questionnaire.FileName: {Data: questionsYAML},
			engine.CatalogFile:     {Data: catalog},
			engine.SourcesFile:     {Data: sources},
			"fuzz.rules.yaml":      {Data: rulesYAML},
		}
		rs, err := engine.Load(fsys)
		if err == nil {
			if rs == nil || rs.Questions == nil || rs.Catalog == nil {
				t.Fatal("no error and no ruleset")
			}
			return
		}
		// Every problem names its file, and none is yaml.v3's own message
		// ("yaml: line 3: ...") passed through.
		var probs *strictyaml.Problems
		for _, e := range flatten(err) {
			if errors.As(e, &probs) {
				if probs.File == "" {
					t.Errorf("a problem without a file: %v", probs)
				}
				for _, it := range probs.Items {
					if strings.HasPrefix(it.Msg, "yaml: ") {
						t.Errorf("a raw decoder message: %s", it.Msg)
					}
				}
				continue
			}
			if e.Error() == "" {
				t.Error("an empty error")
			}
		}
	})
}

func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}
