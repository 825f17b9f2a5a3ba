package strictyaml

import (
	"strings"
	"testing"
)

type sample struct {
	Name  string   `yaml:"name,required"`
	Count int      `yaml:"count"`
	Tags  []string `yaml:"tags"`
	Inner *struct {
		On bool `yaml:"on"`
	} `yaml:"inner"`
	Pos    Pos
	KeyPos map[string]Pos
}

func TestDecodeReportsEveryProblemWithItsPosition(t *testing.T) {
	src := "count: ten\nname: x\nname: y\ntags: a\ninner: {on: maybe}\nextra: 1\n"
	root, err := Parse("f.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	probs := &Problems{File: "f.yaml"}
	var s sample
	Decode(root, &s, "", probs)
	got := probs.Err().Error()
	for _, want := range []string{
		`f.yaml:1:8: count: expected a whole number, got "ten"`,
		`f.yaml:3:1: name: duplicate key "name" (first at line 2)`,
		`f.yaml:4:7: tags: expected a list, got "a"`,
		`f.yaml:5:13: inner.on: expected true or false, got "maybe"`,
		`f.yaml:6:1: top level: unknown key "extra"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got:\n%s", want, got)
		}
	}
	if s.Name != "x" || s.KeyPos["tags"] != (Pos{Line: 4, Column: 1}) || s.Pos != (Pos{Line: 1, Column: 1}) {
		t.Errorf("decoded %+v", s)
	}
}

func TestDecodeMissingRequired(t *testing.T) {
	root, _ := Parse("f.yaml", []byte("count: 1\n"))
	probs := &Problems{File: "f.yaml"}
	Decode(root, &sample{}, "", probs)
	if err := probs.Err(); err == nil || !strings.Contains(err.Error(), `f.yaml:1:1: top level: missing required key "name"`) {
		t.Errorf("err = %v", err)
	}
}

func TestParseRefusals(t *testing.T) {
	for _, tt := range []struct{ name, src, want string }{
		{"empty", "  \n", "f.yaml:1:1: file is empty"},
		{"comments", "# only\n", "f.yaml:1:1: file holds only comments"},
		{"binary", "a\x00b", "f.yaml: not a text file"},
		{"two documents", "a: 1\n---\nb: 2\n", "a second YAML document"},
		{"alias", "a: &x [1]\nb: *x\n", "anchors (&x) are not supported"},
		{"syntax", "a: [1\n", "f.yaml:1:4: invalid YAML"},
		{"huge", strings.Repeat("#", MaxFileSize+1), "the limit is 1048576"},
	} {
		_, err := Parse("f.yaml", []byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

// Blank is true exactly where Parse finds no document: nothing, blank
// lines, comments, a byte-order mark.
func TestBlank(t *testing.T) {
	for data, want := range map[string]bool{
		"":                 true,
		" \n\t\n":          true,
		"# a: 1\n# b: 2\n": true,
		"\ufeff# a: 1\n":   true,
		"a: 1\n":           false,
		"\ufeffa: 1\n":     false,
		"# a\nb: 2 # c\n":  false,
		"[unclosed\n":      false,
	} {
		if got := Blank([]byte(data)); got != want {
			t.Errorf("Blank(%q) = %v, want %v", data, got, want)
		}
	}
}
