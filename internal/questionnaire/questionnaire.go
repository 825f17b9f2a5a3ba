package questionnaire

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/vm"
	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/internal/strictyaml"
)

// The kinds of question.
const (
	KindChoice  = "choice"
	KindList    = "list"
	KindInteger = "integer"
)

// FileName is the questions file's name inside a ruleset.
const FileName = "questions.yaml"

// Option is one allowed value of a choice or list question.
type Option struct {
	Value       string `yaml:"value,required" json:"value"`
	Label       string `yaml:"label,required" json:"label"`
	Description string `yaml:"description" json:"description,omitempty"`
	// Exclusive marks an option that cannot be combined with others in a
	// list answer ("none").
	Exclusive bool `yaml:"exclusive" json:"exclusive,omitempty"`
}

// Question is one question of the questionnaire. Its fields are filled from
// the questions file by strictyaml.Decode, which needs them exported.
type Question struct {
	// Key is the answer key in profiles; Flag derives the flag from it.
	Key string `yaml:"key,required"`
	// Kind is KindChoice, KindList or KindInteger.
	Kind string `yaml:"kind,required"`
	// Prompt is the question as asked; Help is shown on request.
	Prompt string `yaml:"prompt,required"`
	Help   string `yaml:"help,required"`
	// Options are the allowed values of a choice or list question.
	Options []Option `yaml:"options"`
	// Min and Max bound an integer question.
	Min *int `yaml:"min"`
	Max *int `yaml:"max"`
	// AskIfNode is an expression over earlier answers; absent means always
	// asked. AskIf is its text.
	AskIfNode *yaml.Node `yaml:"ask_if"`
	AskIf     string
	// AskedWhen says ask_if in words, for people: "you handle customers'
	// data". See When.
	AskedWhen string `yaml:"asked_when"`
	// DefaultRaw is the default as written; see Default.
	DefaultRaw *yaml.Node `yaml:"default"`
	// AssumeRaw is, as written, the answer assumed when the question is
	// asked but not answered; see Assumed.
	AssumeRaw *yaml.Node `yaml:"assume"`
	// Pos and KeyPos are where the question and each of its keys stand in
	// the questions file, for messages.
	Pos    strictyaml.Pos
	KeyPos map[string]strictyaml.Pos

	// Default is DefaultRaw checked and normalised (nil when absent).
	Default any
	// Assumed is AssumeRaw checked and normalised, nil when absent. A
	// question with an assumed answer may go unanswered: a question
	// added after profiles were written keeps them valid, and the advice
	// says what it assumed.
	Assumed    any
	askIf      *vm.Program
	askIfReads []string
}

// Questionnaire is the ordered list of questions.
type Questionnaire struct {
	Questions []*Question
	byKey     map[string]*Question
}

type questionsFile struct {
	APIVersion string      `yaml:"apiVersion,required"`
	Kind       string      `yaml:"kind,required"`
	Questions  []*Question `yaml:"questions,required"`
}

// Load reads and checks the questions file of a ruleset: a regular file
// of at most strictyaml.MaxFileSize bytes.
func Load(fsys fs.FS) (*Questionnaire, error) {
	data, err := strictyaml.ReadFile(fsys, FileName)
	if err != nil {
		return nil, err
	}
	return Parse(FileName, data)
}

// Parse reads and checks a questions file's bytes; file names it in errors.
func Parse(name string, data []byte) (*Questionnaire, error) {
	root, err := strictyaml.Parse(name, data)
	if err != nil {
		return nil, err
	}
	return fromNode(name, root)
}

// fromNode reads and checks a questions file already parsed by
// strictyaml.Parse; name names it in errors.
func fromNode(name string, root *yaml.Node) (*Questionnaire, error) {
	probs := &strictyaml.Problems{File: name}
	var f questionsFile
	strictyaml.Decode(root, &f, "", probs)
	strictyaml.CheckHeader(root, soc.APIVersion, soc.KindQuestionnaire, probs)
	qs := &Questionnaire{byKey: map[string]*Question{}}
	for i, q := range f.Questions {
		if q == nil {
			continue
		}
		path := fmt.Sprintf("questions[%d]", i)
		if _, dup := qs.byKey[q.Key]; dup {
			probs.Add(q.KeyPos["key"], "%s: duplicate question key %s", path, strictyaml.Quote(q.Key))
			continue
		}
		if LaterVar(q.Key) {
			probs.Add(q.KeyPos["key"], "%s: %q is reserved: rules read it as the recommended reports or the plan", path, q.Key)
			continue
		}
		qs.checkShape(q, path, probs)
		qs.Questions = append(qs.Questions, q)
		qs.byKey[q.Key] = q
	}
	if len(probs.Items) > 0 {
		return nil, probs.Err()
	}
	// Compile ask_if once the keys and kinds are known: a condition may
	// read any earlier question.
	for i, q := range qs.Questions {
		if q.AskIfNode == nil {
			continue
		}
		q.AskIf = q.AskIfNode.Value
		c, cprobs := qs.Compile(q.AskIfNode, false)
		for _, p := range cprobs {
			probs.Add(p.Pos, "questions[%d].ask_if: %s", i, p.Msg)
		}
		if c == nil {
			continue
		}
		for _, id := range c.Reads {
			if j := qs.index(id); j >= i {
				probs.Add(q.KeyPos["ask_if"], "questions[%d].ask_if: reads %q, which is not asked before %q", i, id, q.Key)
			}
		}
		q.askIf = c.Program
		q.askIfReads = c.Reads
	}
	return qs, probs.Err()
}

func (qs *Questionnaire) checkShape(q *Question, path string, probs *strictyaml.Problems) {
	if q.Key != "" && strings.Trim(q.Key, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		probs.Add(q.KeyPos["key"], "%s.key: %s must be lower-case letters, digits and underscores", path, strictyaml.Quote(q.Key))
	}
	switch q.Kind {
	case KindChoice, KindList:
		if len(q.Options) == 0 {
			probs.Add(q.Pos, "%s: a %s question needs options", path, q.Kind)
		}
		seen := map[string]bool{}
		for _, o := range q.Options {
			if seen[o.Value] {
				probs.Add(q.KeyPos["options"], "%s.options: duplicate value %s", path, strictyaml.Quote(o.Value))
			}
			seen[o.Value] = true
		}
		if q.Min != nil || q.Max != nil {
			probs.Add(q.Pos, "%s: min and max are for integer questions", path)
		}
	case KindInteger:
		if len(q.Options) > 0 {
			probs.Add(q.KeyPos["options"], "%s: an integer question has no options", path)
		}
		if q.Min == nil || q.Max == nil || *q.Min > *q.Max {
			probs.Add(q.Pos, "%s: an integer question needs min and max, min <= max", path)
			return
		}
	case "":
		return // missing: reported as a missing required key
	default:
		probs.Add(q.KeyPos["kind"], "%s.kind: %s is not a kind (want choice, list or integer)", path, strictyaml.Quote(q.Kind))
		return
	}
	if q.DefaultRaw != nil {
		v, err := q.CheckNode(q.DefaultRaw)
		if err != nil {
			probs.Add(strictyaml.PosOf(q.DefaultRaw), "%s.default: %v", path, err)
		}
		q.Default = v
	}
	if q.AssumeRaw != nil {
		v, err := q.CheckNode(q.AssumeRaw)
		if err != nil {
			probs.Add(strictyaml.PosOf(q.AssumeRaw), "%s.assume: %v", path, err)
		}
		q.Assumed = v
	}
}

// When says when q is asked, in words: its asked_when, or else its
// ask_if as written; "" for a question that is always asked.
func (q *Question) When() string {
	if q.AskIf == "" {
		return ""
	}
	if q.AskedWhen != "" {
		return q.AskedWhen
	}
	return q.AskIf
}

// Describe says an answer to q in words, by its options' labels:
// "Payroll and SaaS", "Unsure", "6".
func (q *Question) Describe(v any) string {
	var values []string
	switch v := v.(type) {
	case string:
		values = []string{v}
	case []string:
		values = v
	case int:
		return strconv.Itoa(v)
	default:
		return fmt.Sprint(v)
	}
	labels := make([]string, len(values))
	for i, v := range values {
		labels[i] = v
		if o := q.Option(v); o != nil {
			labels[i] = o.Label
		}
	}
	return prose.JoinList(labels, "and")
}

func (qs *Questionnaire) index(key string) int {
	return slices.IndexFunc(qs.Questions, func(q *Question) bool { return q.Key == key })
}

// Lookup returns the question with the given key, or nil.
func (qs *Questionnaire) Lookup(key string) *Question { return qs.byKey[key] }

// Keys returns the answer keys in questionnaire order.
func (qs *Questionnaire) Keys() []string {
	keys := make([]string, len(qs.Questions))
	for i, q := range qs.Questions {
		keys[i] = q.Key
	}
	return keys
}

// Flag is the command-line flag that answers q: the key with dashes.
func (q *Question) Flag() string { return strings.ReplaceAll(q.Key, "_", "-") }

// Values lists the allowed values of a choice or list question.
func (q *Question) Values() []string {
	vals := make([]string, len(q.Options))
	for i, o := range q.Options {
		vals[i] = o.Value
	}
	return vals
}

// Allowed says in words what q accepts: "yes, no or unsure", "0 to 120".
func (q *Question) Allowed() string {
	if q.Kind == KindInteger {
		return fmt.Sprintf("a whole number from %d to %d", *q.Min, *q.Max)
	}
	s := prose.JoinList(q.Values(), "or")
	if q.Kind == KindList {
		return "one or more of " + s
	}
	return s
}

// AskIfReads lists the answer keys q's ask_if reads.
func (q *Question) AskIfReads() []string { return q.askIfReads }

// Option returns the option with value v, or nil.
func (q *Question) Option(v string) *Option {
	for i := range q.Options {
		if q.Options[i].Value == v {
			return &q.Options[i]
		}
	}
	return nil
}

// match returns the option a person means by v: the one with value v, or
// else the one whose value differs from v in case alone ("Yes", "SaaS"),
// when just one does; nil when none does.
func (q *Question) match(v string) *Option {
	if o := q.Option(v); o != nil {
		return o
	}
	var found *Option
	for i := range q.Options {
		if strings.EqualFold(q.Options[i].Value, v) {
			if found != nil {
				return nil // two values differ only in case: ask for the exact one
			}
			found = &q.Options[i]
		}
	}
	return found
}

// ValueError is a bad answer value. Index is the position of the bad item
// in a list answer, or -1.
type ValueError struct {
	Index int
	Msg   string
}

func (e *ValueError) Error() string { return e.Msg }

// maxBadItems is how many bad items of one list answer are described; the
// rest are counted (a list of 500,000 bad items cost a gigabyte).
const maxBadItems = 20

// SplitErrors returns the errors an answer's check joined (one per bad
// item of a list), or err alone.
func SplitErrors(err error) []error {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		return joined.Unwrap()
	}
	return []error{err}
}

func badValue(index int, format string, args ...any) *ValueError {
	return &ValueError{Index: index, Msg: fmt.Sprintf(format, args...)}
}

// ParseFlag turns a flag's text into a normalised answer: lists are
// comma-separated, integers decimal.
func (q *Question) ParseFlag(s string) (any, error) {
	s = strings.TrimSpace(s)
	switch q.Kind {
	case KindInteger:
		n, err := q.atoi(s)
		if err != nil {
			return nil, err
		}
		return q.Check(n)
	case KindList:
		var items []string
		for _, it := range strings.Split(s, ",") {
			if it = strings.TrimSpace(it); it != "" {
				items = append(items, it)
			}
		}
		return q.Check(items)
	default:
		// true and false mean yes and no, as they do in a profile.
		if b, err := strconv.ParseBool(s); err == nil && (strings.EqualFold(s, "true") || strings.EqualFold(s, "false")) {
			return q.Check(b)
		}
		return q.Check(s)
	}
}

// atoi reads a whole number written in decimal, the one way the
// questionnaire's numbers are written.
func (q *Question) atoi(s string) (int, error) {
	n, err := strconv.Atoi(s)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return 0, badValue(-1, "%s is out of range (want %s)", strictyaml.Clip(s), q.Allowed())
	case err != nil:
		return 0, badValue(-1, "%s is not a whole number in plain digits (want %s)", strictyaml.Quote(s), q.Allowed())
	}
	return n, nil
}

// CheckNode turns a YAML node into a normalised answer. A *ValueError
// with an Index points at the bad item of a list.
func (q *Question) CheckNode(n *yaml.Node) (any, error) {
	v, err := nodeValue(n, q.Kind == KindList)
	if err != nil {
		return nil, err
	}
	return q.Check(v)
}

func nodeValue(n *yaml.Node, list bool) (any, error) {
	if list {
		if n.Kind != yaml.SequenceNode {
			return nil, badValue(-1, "expected a list such as [a, b], got %s", strictyaml.Describe(n))
		}
		items := make([]string, len(n.Content))
		for i, c := range n.Content {
			v, err := nodeValue(c, false)
			if err != nil {
				return nil, badValue(i, "item %d: %v", i+1, err)
			}
			s, ok := v.(string)
			if !ok {
				return nil, badValue(i, "item %d: expected a value name, got %s", i+1, strictyaml.Describe(c))
			}
			items[i] = s
		}
		return items, nil
	}
	if n.Kind != yaml.ScalarNode {
		return nil, badValue(-1, "expected a single value, got %s", strictyaml.Describe(n))
	}
	switch n.Tag {
	case "!!str":
		return n.Value, nil
	case "!!bool":
		b, _ := strconv.ParseBool(strings.ToLower(n.Value))
		return b, nil
	case "!!int":
		// The range is Check's business; here only the notation (0x10,
		// 1_000) or the size can be wrong.
		i, err := strconv.Atoi(n.Value)
		switch {
		case errors.Is(err, strconv.ErrRange):
			return nil, badValue(-1, "%s is out of range", strictyaml.Clip(n.Value))
		case err != nil:
			return nil, badValue(-1, "%s is not a whole number in plain digits", strictyaml.Clip(n.Value))
		}
		return i, nil
	}
	return nil, badValue(-1, "unexpected %s", strictyaml.Describe(n))
}

// Check validates a decoded answer (string, bool, int or []string) and
// returns it normalised: booleans become "yes"/"no" for yes/no choices,
// and a value written in another case ("Yes", "SaaS") becomes the
// option's own.
func (q *Question) Check(v any) (any, error) {
	switch q.Kind {
	case KindInteger:
		n, ok := v.(int)
		if !ok {
			return nil, badValue(-1, "expected %s, got %s", q.Allowed(), describeValue(v))
		}
		if n < *q.Min || n > *q.Max {
			return nil, badValue(-1, "%d is out of range (want %s)", n, q.Allowed())
		}
		return n, nil
	case KindList:
		items, ok := v.([]string)
		if !ok {
			return nil, badValue(-1, "expected a list of %s, got %s", q.Allowed(), describeValue(v))
		}
		if len(items) == 0 {
			return nil, badValue(-1, "choose at least one (want %s)", q.Allowed())
		}
		// Canonical order: the options' order, so equal answers compare
		// equal. rank[i] is item i's option index. Every bad item is
		// reported, each a *ValueError with its index.
		rank := make([]int, len(items))
		var bad []error
		more, firstMore := 0, -1 // bad items past maxBadItems, counted, not described
		seen := make(map[string]bool, len(items))
		for i, it := range items {
			o, written := q.match(it), it
			if o != nil {
				it = o.Value // canonical, so that "SaaS,saas" is a duplicate
			}
			dup := seen[it]
			seen[it] = true
			if (o == nil || dup || o.Exclusive && len(items) > 1) && len(bad) == maxBadItems {
				if more == 0 {
					firstMore = i
				}
				more++
				continue
			}
			switch {
			case o == nil:
				bad = append(bad, badValue(i, "%s is not a valid value (want %s)%s", strictyaml.Quote(it), q.Allowed(), prose.SuggestNear(it, q.Values())))
				continue
			case dup && written != it:
				bad = append(bad, badValue(i, "%s is listed twice (case does not matter)", strictyaml.Quote(written)))
			case dup:
				bad = append(bad, badValue(i, "%s is listed twice", strictyaml.Quote(it)))
			case o.Exclusive && len(items) > 1:
				bad = append(bad, badValue(i, "%s cannot be combined with other values", strictyaml.Quote(it)))
			}
			rank[i] = slices.IndexFunc(q.Options, func(o Option) bool { return o.Value == it })
		}
		if more > 0 {
			bad = append(bad, badValue(firstMore, "... and %s", prose.Plural(more, "more bad item")))
		}
		if len(bad) > 0 {
			return nil, errors.Join(bad...)
		}
		out := make([]string, 0, len(items))
		for idx, o := range q.Options {
			if slices.Contains(rank, idx) {
				out = append(out, o.Value)
			}
		}
		return out, nil
	default:
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case bool:
			if x {
				s = "yes"
			} else {
				s = "no"
			}
			if q.match(s) == nil {
				return nil, badValue(-1, "expected %s, got %t", q.Allowed(), x)
			}
		default:
			return nil, badValue(-1, "expected %s, got %s", q.Allowed(), describeValue(v))
		}
		o := q.match(s)
		if o == nil {
			return nil, badValue(-1, "%s is not a valid value (want %s)%s", strictyaml.Quote(s), q.Allowed(), prose.SuggestNear(s, q.Values()))
		}
		return o.Value, nil
	}
}

func describeValue(v any) string {
	switch x := v.(type) {
	case string:
		return "the text " + strictyaml.Quote(x)
	case int:
		return fmt.Sprintf("the number %d", x)
	case bool:
		return fmt.Sprintf("the boolean %t", x)
	case []string:
		return "a list"
	}
	return fmt.Sprintf("%v", v)
}
