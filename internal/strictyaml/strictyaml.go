package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/prose"
)

// MaxFileSize is the largest YAML file Parse accepts. Profiles and rule
// files are a few kilobytes; anything near this size is a mistake.
const MaxFileSize = 1 << 20

// Pos is a position in a YAML file, 1-based.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// PosOf returns the position of a node.
func PosOf(n *yaml.Node) Pos { return Pos{Line: n.Line, Column: n.Column} }

// Problem is one thing wrong with a file, at a position.
type Problem struct {
	Pos
	Msg string
	// more is, for the last item of a capped list, how many problems it
	// stands for.
	more int
}

// MaxProblems is how many problems of one file Err keeps: a file of
// thousands of mistakes (or one that is not a profile at all) gets a
// report a person can read, not one that fills memory and CI logs.
const MaxProblems = 50

// Problems is an error holding the problems found in one file: every one,
// until Err keeps the first MaxProblems and a count of the rest.
type Problems struct {
	File  string
	Items []Problem
	// named holds the lists of valid keys an unknown-key problem has
	// named, so that later ones refer to it.
	named map[string]bool
	// overflow counts the problems Add did not keep: past keepProblems,
	// a file of mistakes costs a count, not memory.
	overflow int
}

// keepProblems is how many problems Add keeps, from which Err chooses the
// first MaxProblems by position: problems come mostly in file order.
const keepProblems = 4 * MaxProblems

// Error prints each problem as FILE:LINE:COL: message, one per line.
func (p *Problems) Error() string {
	var b strings.Builder
	for i, it := range p.Items {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.File)
		if it.Line > 0 {
			fmt.Fprintf(&b, ":%d:%d", it.Line, it.Column)
		}
		b.WriteString(": ")
		b.WriteString(it.Msg)
	}
	return b.String()
}

// Add records a problem at pos.
func (p *Problems) Add(pos Pos, format string, args ...any) {
	if len(p.Items) >= keepProblems {
		p.overflow++
		return
	}
	p.Items = append(p.Items, Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Full reports whether Add keeps no more problems: a caller with costly
// messages to make (a list of 100,000 bad items) may stop making them.
func (p *Problems) Full() bool { return len(p.Items) >= keepProblems }

// UnknownKey records key, at pos in the mapping at path, as not one of the
// valid keys. The first unknown key of the file with these valid keys
// names them and later ones refer to it, so that a file of many stray
// keys names them once.
func (p *Problems) UnknownKey(pos Pos, path, key string, valid []string) {
	list := strings.Join(valid, ", ")
	which := "(valid keys as above)"
	if !p.named[list] {
		if p.named == nil {
			p.named = map[string]bool{}
		}
		p.named[list] = true
		which = "(valid keys: " + list + ")"
	}
	// A suggestion costs an edit distance per valid key; past the problems
	// Err keeps, it would almost always be thrown away.
	suggest := ""
	if len(p.Items) < MaxProblems {
		suggest = prose.Suggest(key, valid)
	}
	p.Add(pos, "%s: unknown key %s %s%s", path, Quote(key), which, suggest)
}

// Err returns p as an error when it holds problems, sorted by position,
// and nil otherwise. It keeps the first MaxProblems and ends the list
// with "... and N more problems", a problem with no position.
func (p *Problems) Err() error {
	more := p.overflow
	p.overflow = 0 // counted in the summary below, which a later call reads
	items := p.Items[:0]
	for _, it := range p.Items {
		if it.more > 0 { // the summary of an earlier call
			more += it.more
			continue
		}
		items = append(items, it)
	}
	if len(items)+more == 0 {
		p.Items = items
		return nil
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	if len(items) > MaxProblems {
		more += len(items) - MaxProblems
		// A copy, so that the dropped messages can be collected.
		items = append([]Problem(nil), items[:MaxProblems]...)
	}
	if more > 0 {
		items = append(items, Problem{Msg: "... and " + prose.Plural(more, "more problem"), more: more})
	}
	p.Items = items
	return p
}

// Blank reports whether data holds no YAML document: nothing, or only
// blank lines, comments and a byte-order mark, which Parse refuses.
func Blank(data []byte) bool {
	if len(bytes.TrimSpace(data)) == 0 {
		return true
	}
	var root yaml.Node
	return errors.Is(yaml.NewDecoder(bytes.NewReader(data)).Decode(&root), io.EOF)
}

// Parse reads one YAML document into a node tree. It refuses what no
// hand-written profile or rule file holds: more than MaxFileSize bytes,
// binary content, several documents, anchors and aliases. Errors are
// *Problems naming the file, never raw decoder messages.
func Parse(file string, data []byte) (*yaml.Node, error) {
	probs := &Problems{File: file}
	switch {
	case len(data) > MaxFileSize:
		probs.Add(Pos{}, "file is %d bytes; the limit is %d (1 MiB)", len(data), MaxFileSize)
		return nil, probs
	case bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data):
		probs.Add(Pos{}, "not a text file (expected UTF-8 YAML)")
		return nil, probs
	case len(bytes.TrimSpace(data)) == 0:
		probs.Add(Pos{Line: 1, Column: 1}, "file is empty (expected a YAML document)")
		return nil, probs
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); errors.Is(err, io.EOF) {
		probs.Add(Pos{Line: 1, Column: 1}, "file holds only comments (expected a YAML document)")
		return nil, probs
	} else if err != nil {
		probs.Items = append(probs.Items, syntaxProblem(data, err))
		return nil, probs
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		pos := PosOf(&extra)
		if err != nil {
			pos = syntaxProblem(data, err).Pos
		}
		probs.Add(pos, "a second YAML document: this file holds one document (remove the '---' and what follows)")
		return nil, probs
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
		probs.Add(Pos{Line: 1, Column: 1}, "file holds no YAML document")
		return nil, probs
	}
	doc := root.Content[0]
	checkNoAliases(doc, probs)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return doc, nil
}

func checkNoAliases(n *yaml.Node, probs *Problems) {
	if n.Kind == yaml.AliasNode {
		probs.Add(PosOf(n), "aliases (*%s) are not supported here: write the value out", Clip(n.Value))
		return
	}
	if n.Anchor != "" {
		probs.Add(PosOf(n), "anchors (&%s) are not supported here: write the value out", Clip(n.Anchor))
	}
	for _, c := range n.Content {
		checkNoAliases(c, probs)
	}
}

// CheckHeader checks the apiVersion and kind of a document's mapping: the
// first lines of every socpick file. Missing keys are the struct decoder's
// to report; wrong values are reported here, at the value.
func CheckHeader(root *yaml.Node, apiVersion, kind string, probs *Problems) {
	if root.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i].Value, root.Content[i+1]
		if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
			continue
		}
		switch {
		case k == "apiVersion" && v.Value != apiVersion:
			probs.Add(PosOf(v), "apiVersion: %s is not supported (want %s)", Quote(v.Value), apiVersion)
		case k == "kind" && v.Value != kind:
			probs.Add(PosOf(v), "kind: %s is wrong here (want %s)", Quote(v.Value), kind)
		}
	}
}

// Describe names a node's kind for messages: "a list", "a mapping", "a
// number" and so on.
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!int", "!!float":
			return "the number " + Clip(n.Value)
		case "!!bool":
			return "the boolean " + Clip(n.Value)
		case "!!null":
			return "no value"
		}
		return Quote(n.Value)
	}
	return "an unexpected YAML node"
}

// QuoteMax is how many characters of a value from a user's file Quote
// shows.
const QuoteMax = 24

// Quote quotes a value from a user's file for a message, as %q does, so
// that control and invisible characters are escaped, but only its first
// QuoteMax characters, then "…": a file read by mistake (a credentials
// file behind a link named like a profile) must not reach a terminal or a
// CI log whole.
func Quote(s string) string {
	cut := s
	n := 0
	for i := range s {
		if n == QuoteMax {
			cut = s[:i]
			break
		}
		n++
	}
	q := strconv.Quote(cut)
	if len(cut) < len(s) {
		q = q[:len(q)-1] + "…\""
	}
	return q
}

// Clip is Quote without the quotes, for a value a message shows bare: a
// number, an anchor's name, a key in a path.
func Clip(s string) string {
	q := Quote(s)
	if strings.HasSuffix(q, "…\"") {
		return q[1:len(q)-len("…\"")] + "…"
	}
	return q[1 : len(q)-1]
}

// Decode fills out, a pointer to a struct, from a mapping node, strictly:
// unknown keys, duplicate keys, missing required keys and wrong types are
// all recorded in probs with their positions. Field names come from `yaml`
// tags, or `strict` tags where a type is also marshalled with yaml.v3 (which
// rejects unknown options); the option ",required" marks a key that must be
// present. Field
// types may be string (also from unquoted dates), int, bool, structs,
// pointers to structs, slices of these, and *yaml.Node (kept as is). A
// struct field named Pos of type Pos receives the mapping's position and
// one named KeyPos of type map[string]Pos the position of each key.
// The path names the node in messages ("answers", "held[0]").
func Decode(n *yaml.Node, out any, path string, probs *Problems) {
	v := reflect.ValueOf(out)
	if v.Kind() != reflect.Pointer {
		panic("strictyaml.Decode needs a pointer")
	}
	decodeValue(n, v.Elem(), path, probs)
}

var (
	nodePtrType = reflect.TypeOf((*yaml.Node)(nil))
	posType     = reflect.TypeOf(Pos{})
	keyPosType  = reflect.TypeOf(map[string]Pos{})
)

func decodeValue(n *yaml.Node, v reflect.Value, path string, probs *Problems) {
	if v.Type() == nodePtrType {
		v.Set(reflect.ValueOf(n))
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if n.Tag == "!!null" {
			return
		}
		p := reflect.New(v.Type().Elem())
		decodeValue(n, p.Elem(), path, probs)
		v.Set(p)
	case reflect.Struct:
		decodeStruct(n, v, path, probs)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			probs.Add(PosOf(n), "%s: expected a list, got %s", path, Describe(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			decodeValue(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i), probs)
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "!!timestamp") {
			probs.Add(PosOf(n), "%s: expected a string, got %s", path, Describe(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Int:
		i, err := strconv.Atoi(n.Value)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil {
			probs.Add(PosOf(n), "%s: expected a whole number, got %s", path, Describe(n))
			return
		}
		v.SetInt(int64(i))
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			probs.Add(PosOf(n), "%s: expected true or false, got %s", path, Describe(n))
			return
		}
		v.SetBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	default:
		panic("strictyaml: unsupported field type " + v.Type().String())
	}
}

type fieldInfo struct {
	index    int
	required bool
}

// structInfo is what decodeStruct needs to know of a struct type, worked
// out once per type: a check run decodes thousands of the same structs.
type structInfo struct {
	fields                map[string]fieldInfo
	names                 []string // in field order, for messages
	posField, keyPosField int      // -1 when absent
}

var structInfos sync.Map // reflect.Type -> *structInfo

// KeyOf reads the YAML key a struct field is decoded from, as Decode does:
// a `strict` tag, else a `yaml` tag, names it; ",required" marks a key that
// must be present. ok is false for a field no key fills.
func KeyOf(f reflect.StructField) (name string, required, ok bool) {
	tag, found := f.Tag.Lookup("strict")
	if !found {
		tag = f.Tag.Get("yaml")
	}
	if tag == "" || tag == "-" {
		return "", false, false
	}
	name, opts, _ := strings.Cut(tag, ",")
	return name, opts == "required", true
}

func infoOf(t reflect.Type) *structInfo {
	if si, ok := structInfos.Load(t); ok {
		return si.(*structInfo)
	}
	si := &structInfo{fields: map[string]fieldInfo{}, posField: -1, keyPosField: -1}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Name == "Pos" && f.Type == posType {
			si.posField = i
			continue
		}
		if f.Name == "KeyPos" && f.Type == keyPosType {
			si.keyPosField = i
			continue
		}
		name, required, ok := KeyOf(f)
		if !ok {
			continue
		}
		si.fields[name] = fieldInfo{index: i, required: required}
		si.names = append(si.names, name)
	}
	structInfos.Store(t, si)
	return si
}

func decodeStruct(n *yaml.Node, v reflect.Value, path string, probs *Problems) {
	if n.Kind != yaml.MappingNode {
		probs.Add(PosOf(n), "%s: expected a mapping, got %s", orTop(path), Describe(n))
		return
	}
	si := infoOf(v.Type())
	fields, names, posField, keyPosField := si.fields, si.names, si.posField, si.keyPosField
	if posField >= 0 {
		v.Field(posField).Set(reflect.ValueOf(PosOf(n)))
	}
	keyPos := make(map[string]Pos, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		name := k.Value
		if prev, dup := keyPos[name]; dup {
			probs.Add(PosOf(k), "%s: duplicate key %s (first at line %d)", join(path, Clip(name)), Quote(name), prev.Line)
			continue
		}
		keyPos[name] = PosOf(k)
		fi, ok := fields[name]
		if !ok {
			probs.UnknownKey(PosOf(k), orTop(path), name, names)
			continue
		}
		decodeValue(val, v.Field(fi.index), join(path, name), probs)
	}
	for _, name := range names {
		if fields[name].required {
			if _, ok := keyPos[name]; !ok {
				probs.Add(PosOf(n), "%s: missing required key %q", orTop(path), name)
			}
		}
	}
	if keyPosField >= 0 {
		v.Field(keyPosField).Set(reflect.ValueOf(keyPos))
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func orTop(path string) string {
	if path == "" {
		return "top level"
	}
	return path
}
