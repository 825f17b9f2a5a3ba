package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/engine"
)

// Every registered format draws some output, under a name of its own.
func TestEveryFormatDrawsSomething(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range formats {
		if seen[f.name] {
			t.Errorf("format %q is registered twice", f.name)
		}
		seen[f.name] = true
		switch f.new(Options{}).(type) {
		case AdviceRenderer, CheckFormat, QuestionsRenderer, RulesRenderer, GraphRenderer:
		default:
			t.Errorf("format %q draws no output", f.name)
		}
	}
}

// WriteJSON indents by two spaces, leaves HTML characters as they are
// and ends with a newline.
func TestWriteJSON(t *testing.T) {
	v := struct {
		Message string         `json:"message"`
		List    []any          `json:"list"`
		Empty   map[string]int `json:"empty"`
	}{"a < b && c > d: \"quoted\" \u2028", []any{1, "two", nil, []int{}}, map[string]int{}}
	var got bytes.Buffer
	if err := WriteJSON(&got, v); err != nil {
		t.Fatal(err)
	}
	want := `{
  "message": "a < b && c > d: \"quoted\" \u2028",
  "list": [
    1,
    "two",
    null,
    []
  ],
  "empty": {}
}
`
	if got.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", got.String(), want)
	}
}

// resultDoc is a check result as contract section 5 has it, for
// encoding/json to write: what resultJSON must write by hand.
type resultDoc struct {
	File           string          `json:"file"`
	Profile        string          `json:"profile"`
	Status         check.Status    `json:"status"`
	Recommendation *Recommendation `json:"recommendation"`
	Findings       []check.Finding `json:"findings"`
}

func newResultDoc(r *check.Result) resultDoc {
	doc := resultDoc{File: r.File, Profile: r.Profile, Status: r.Status, Findings: r.Findings}
	if doc.Findings == nil {
		doc.Findings = []check.Finding{}
	}
	if r.Decision != nil {
		rec := NewRecommendation(Advice{Profile: r.Profile, Decision: r.Decision})
		doc.Recommendation = &rec
	}
	return doc
}

// fill sets everything encoding/json could write of v, recursively: each
// string to one that needs escaping, each number to a number of its own,
// two elements in each slice and map, each pointer to a value. A field
// added to a result, a decision or a finding is then written by
// encoding/json, and TestResultJSONIsEncodingJSON fails until resultJSON
// writes it too.
func fill(t testing.TB, v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d \"<&>\\ \u2028 é \x01\t\n\xff", *n))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(*n))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(t, s.Index(i), n)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(t, k, n)
			fill(t, e, n)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(t, p.Elem(), n)
		v.Set(p)
	case reflect.Interface:
		v.Set(reflect.ValueOf(fmt.Sprintf("any %d", *n)))
	case reflect.Struct:
		for i := range v.NumField() {
			// What encoding/json leaves out (json:"-") is left empty.
			if f := v.Type().Field(i); f.IsExported() && f.Tag.Get("json") != "-" {
				fill(t, v.Field(i), n)
			}
		}
	default:
		t.Fatalf("fill does not know %s: teach it", v.Type())
	}
}

// resultJSON writes, by hand, the bytes encoding/json writes for a check
// result: with every field set, with lists empty and absent, with no
// decision.
func TestResultJSONIsEncodingJSON(t *testing.T) {
	full := &check.Result{}
	n := 0
	fill(t, reflect.ValueOf(full).Elem(), &n)

	sparse := &check.Result{}
	fill(t, reflect.ValueOf(sparse).Elem(), &n)
	sparse.Findings[0].Report = "" // omitted when empty
	d := sparse.Decision
	d.Reports[0].Criteria, d.Reports[0].Reasons, d.Reports[0].Interim = nil, []engine.Reason{}, nil
	d.AlsoConsider, d.Notes, d.NextSteps, d.Estimates, d.Fired = nil, []engine.Reason{}, nil, []engine.Estimate{}, []string{}

	cases := map[string]*check.Result{
		"every field set":    full,
		"lists empty or nil": sparse,
		"no decision":        {File: "f.yaml", Status: check.Errored},
		"an empty decision":  {File: "f.yaml", Profile: "p", Status: check.Pass, Decision: &engine.Decision{}, Findings: []check.Finding{}},
	}
	var j resultJSON
	for name, r := range cases {
		var want bytes.Buffer
		if err := newJSONEncoder(&want, "    ").Encode(newResultDoc(r)); err != nil {
			t.Fatal(err)
		}
		if got := j.result(r, 4); string(got)+"\n" != want.String() {
			t.Errorf("%s: resultJSON (jsonenc.go) differs from encoding/json:\n%s\nwant:\n%s", name, got, want.String())
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `"\`, "\x00\x1f\x7f\b\f\n\r\t", "<&>", "é\u2028\u2029☃", "\xff\xfe", "\xe2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got)+"\n" != want.String() {
			t.Errorf("%q: got %s, want %s", s, got, want.String())
		}
	})
}

func BenchmarkResultJSON(b *testing.B) {
	r := &check.Result{}
	n := 0
	fill(b, reflect.ValueOf(r).Elem(), &n)
	var j resultJSON
	b.Run("by hand", func(b *testing.B) {
		for b.Loop() {
			j.result(r, 4)
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		var buf bytes.Buffer
		enc := newJSONEncoder(&buf, "    ")
		for b.Loop() {
			buf.Reset()
			if err := enc.Encode(newResultDoc(r)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
