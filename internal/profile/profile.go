package profile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/internal/strictyaml"
)

// MaxSize is the largest profile Read and ReadFrom accept, in bytes.
const MaxSize = strictyaml.MaxFileSize

// Profile is a vendor profile, read and validated.
type Profile struct {
	// File is the name the profile was read under, used in messages.
	File string
	// Name is metadata.name: lower-case letters, digits and dashes. A
	// profile that gives only a title has the name Slug makes of it.
	Name string
	// Title is metadata.title, the vendor's display name ("Acme Payroll,
	// Inc."); empty when absent. See DisplayName.
	Title       string
	Description string
	// AnsweredOn is metadata.answered_on, the day the answers were true;
	// zero when absent.
	AnsweredOn time.Time
	// AnsweredOnPos is where it stands; zero when absent.
	AnsweredOnPos strictyaml.Pos
	// Answers are the questionnaire answers, normalised by the questions
	// (choices as strings, lists in the options' order, integers as int).
	// Absent keys are not answered.
	Answers questionnaire.Answers
	// AnswerPos is the position of each answer's value.
	AnswerPos map[string]strictyaml.Pos
	// AnswersPos is the position of the answers key; zero when absent.
	AnswersPos strictyaml.Pos
	// Held are the reports the vendor holds today, in file order. The same
	// report and type may appear more than once (a renewal).
	Held []HeldReport
	// HeldPos is the position of the held key; zero when absent.
	HeldPos strictyaml.Pos
	// Waivers accept findings for a while, in file order.
	Waivers []Waiver
	// Expect is the pinned recommendation; nil when absent.
	Expect *Expectation
	// Pos is the top of the document.
	Pos strictyaml.Pos

	// root is the document as read, so that Encode can keep what it does
	// not rewrite (comments, held, expect).
	root *yaml.Node
}

// Situation is what an evaluation of the profile knows besides its
// answers, for the advice as of a day: when the answers were given and
// the reports held.
func (p *Profile) Situation(asOf time.Time) engine.Situation {
	return engine.Situation{AsOf: asOf, AnsweredOn: p.AnsweredOn, Held: EngineHeld(p.Held)}
}

// EngineHeld is the reports held as the plan reads them.
func EngineHeld(held []HeldReport) []engine.Held {
	var out []engine.Held
	for _, h := range held {
		out = append(out, engine.Held{Report: h.Report, Type: h.Type, PeriodEnd: h.PeriodEnd, AsOf: h.AsOf})
	}
	return out
}

// RenewedIDs lists, each once and in report order, the reports held over
// a period (a Type II, or a SOC 3): a vendor holding one renews it. A Type
// I alone does not make the next examination a renewal.
func (p *Profile) RenewedIDs() []string {
	var ids []string
	for _, id := range soc.Reports {
		if slices.ContainsFunc(p.Held, func(h HeldReport) bool { return h.Report == id && h.Type == soc.Type2 }) {
			ids = append(ids, id)
		}
	}
	return ids
}

// HeldReport is one report the vendor holds.
type HeldReport struct {
	// Report is soc1, soc2 or soc3; Type is type1 or type2.
	Report, Type string
	// PeriodStart and PeriodEnd are the examination period of a type2
	// report; zero for a type1.
	PeriodStart, PeriodEnd time.Time
	// AsOf is the point in time a type1 report describes; zero for a type2.
	AsOf time.Time
	// BridgeLetterThrough is the end of the bridge letter covering the time
	// after a type2 period; zero when there is none.
	BridgeLetterThrough time.Time
	// Criteria are the Trust Services Categories of a soc2 or soc3 report,
	// in soc.Criteria order, always including security (the common
	// criteria every such report covers); nil for a soc1.
	Criteria []string
	// Pos is the position of the report's list entry.
	Pos strictyaml.Pos
}

// Waiver accepts a finding for a while, with a reason: a finding with its
// code (and report, when given) is shown as waived, and never fails, until
// Expires.
type Waiver struct {
	Code string
	// Report narrows the waiver to one report; empty for any.
	Report  string
	Reason  string
	Expires time.Time
	// Pos is the waiver's entry; CodePos and ExpiresPos its keys.
	Pos, CodePos, ExpiresPos strictyaml.Pos
	// Index is the entry's place in the profile's waivers list, as a
	// message names it (waivers[Index]).
	Index int
}

// Expectation is the recommendation a profile's owners expect: a drift
// check compares it with what the rules recommend.
type Expectation struct {
	// Reports are the expected reports, in file order; each report
	// appears at most once. Empty means no report is expected.
	Reports []ExpectedReport
	// Pos is the position of the expect key.
	Pos strictyaml.Pos
}

// ExpectedReport is one expected report.
type ExpectedReport struct {
	Report, Type string
	// Criteria are as in HeldReport: sorted, security always included for
	// soc2 and soc3, nil for soc1.
	Criteria []string
	// Pos is the position of the report's list entry.
	Pos strictyaml.Pos
}

// The file's shape, for strictyaml.Decode. Fields whose values need more
// than a type check (answers, dates, criteria, nested entries) are kept as
// nodes and checked here, so that messages can point at the exact value.
type document struct {
	APIVersion string       `yaml:"apiVersion,required"`
	Kind       string       `yaml:"kind,required"`
	Metadata   *yaml.Node   `yaml:"metadata,required"`
	Answers    *yaml.Node   `yaml:"answers"`
	Held       []*yaml.Node `yaml:"held"`
	Waivers    []*yaml.Node `yaml:"waivers"`
	Expect     *yaml.Node   `yaml:"expect"`
	KeyPos     map[string]strictyaml.Pos
}

type waiverEntry struct {
	Code    string     `yaml:"code,required"`
	Report  string     `yaml:"report"`
	Reason  string     `yaml:"reason,required"`
	Expires *yaml.Node `yaml:"expires,required"`
	KeyPos  map[string]strictyaml.Pos
}

type metadata struct {
	// Name is required unless a title gives it (readMetadata checks).
	Name        string     `yaml:"name"`
	Title       string     `yaml:"title"`
	Description string     `yaml:"description"`
	AnsweredOn  *yaml.Node `yaml:"answered_on"`
}

type heldEntry struct {
	Report              string       `yaml:"report,required"`
	Type                string       `yaml:"type"`
	PeriodStart         *yaml.Node   `yaml:"period_start"`
	PeriodEnd           *yaml.Node   `yaml:"period_end"`
	AsOf                *yaml.Node   `yaml:"as_of"`
	BridgeLetterThrough *yaml.Node   `yaml:"bridge_letter_through"`
	Criteria            []*yaml.Node `yaml:"criteria"`
	KeyPos              map[string]strictyaml.Pos
}

type expectBlock struct {
	Reports []*yaml.Node `yaml:"reports,required"`
}

type expectEntry struct {
	Report   string       `yaml:"report,required"`
	Type     string       `yaml:"type"`
	Criteria []*yaml.Node `yaml:"criteria"`
	KeyPos   map[string]strictyaml.Pos
}

// Read reads the profile at path. Errors are *strictyaml.Problems: a file
// that cannot be read (missing, a directory, not a regular file, over
// MaxSize) gives one problem without a position. A large file is never
// read whole, and a named pipe or a device is refused without blocking.
func Read(path string, qs *questionnaire.Questionnaire) (*Profile, error) {
	// O_NONBLOCK: opening a named pipe would otherwise wait for a writer.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fileProblem(path, err)
	}
	defer f.Close()
	return readFile(path, f, qs)
}

// ReadIn reads the profile at rel within the directory dir, never outside
// it: a link that leads out of dir is refused as it is opened, whatever it
// was when the directory was listed (os.Root). name stands for the file in
// messages. Errors are as Read's.
func ReadIn(dir, rel, name string, qs *questionnaire.Questionnaire) (*Profile, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fileProblem(name, err)
	}
	defer root.Close()
	f, err := root.OpenFile(rel, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fileProblem(name, err)
	}
	defer f.Close()
	return readFile(name, f, qs)
}

// readFile reads a profile from f, which was opened without blocking.
func readFile(name string, f *os.File, qs *questionnaire.Questionnaire) (*Profile, error) {
	data, err := strictyaml.ReadOpened(name, f, profileFile)
	if err != nil {
		return nil, readProblem(name, err)
	}
	return Parse(name, data, qs)
}

// profileFile is what strictyaml's readers refuse a profile with.
var profileFile = strictyaml.Kind{Name: "a profile", NotRegular: NotRegular}

// NotRegular says why a file of this mode is not read as a profile, or is
// nil for a regular file: a named pipe would block, a device never end.
func NotRegular(mode fs.FileMode) error {
	switch kind := prose.FileKind(mode); {
	case kind == "":
		return nil
	case mode.IsDir():
		return errors.New("is a directory (want a profile file)")
	case mode&fs.ModeNamedPipe != 0:
		return errors.New(`not a regular file (a named pipe); want a profile file (to read a profile from a pipe, give "-" and send it to standard input)`)
	default:
		return fmt.Errorf("not a regular file (%s); want a profile file", kind)
	}
}

// ReadFrom reads a profile from r (standard input for `--profile -`);
// name stands for it in messages ("<stdin>"). At most MaxSize+1 bytes are
// read: more is an error.
func ReadFrom(name string, r io.Reader, qs *questionnaire.Questionnaire) (*Profile, error) {
	data, err := strictyaml.ReadLimited(name, r, 512, profileFile)
	if err != nil {
		return nil, readProblem(name, err)
	}
	return Parse(name, data, qs)
}

// readProblem is err as a problem of the file name: strictyaml's problems
// as they are, an I/O error worded for a person.
func readProblem(name string, err error) error {
	if _, ok := err.(*strictyaml.Problems); ok {
		return err
	}
	return fileProblem(name, err)
}

func problem(file, format string, args ...any) error {
	p := &strictyaml.Problems{File: file}
	p.Add(strictyaml.Pos{}, format, args...)
	return p
}

// fileProblem words an I/O error for a person: the path is already in
// front of the message, so the os error's own "open PATH:" is dropped.
func fileProblem(file string, err error) error {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return problem(file, "no such file")
	case errors.Is(err, syscall.ENOTDIR):
		return problem(file, "no such file (a parent in the path is not a directory)")
	case errors.Is(err, syscall.EISDIR):
		return problem(file, "is a directory (want a profile file)")
	case errors.Is(err, fs.ErrPermission):
		return problem(file, "permission denied (cannot read the file)")
	case errors.As(err, &pe):
		return problem(file, "cannot read: %v", pe.Err)
	}
	return problem(file, "cannot read: %v", err)
}

// Parse reads a profile's bytes; file names it in messages. Errors are
// *strictyaml.Problems listing every problem of the file, each as
// FILE:LINE:COL: message.
func Parse(file string, data []byte, qs *questionnaire.Questionnaire) (*Profile, error) {
	root, err := strictyaml.Parse(file, data)
	if err != nil {
		return nil, err
	}
	probs := &strictyaml.Problems{File: file}
	if root.Kind != yaml.MappingNode {
		probs.Add(strictyaml.PosOf(root), "expected a vendor profile (a mapping with apiVersion: %s, kind: %s, metadata, answers), got %s",
			soc.APIVersion, soc.KindVendorProfile, strictyaml.Describe(root))
		return nil, probs.Err()
	}
	if !slices.ContainsFunc([]string{"apiVersion", "kind", "metadata", "answers", "held", "waivers", "expect"}, func(k string) bool { return valueNode(root, k) != nil }) {
		// Some other YAML file (a CI workflow, a compose file): one line
		// says so, rather than a list of unknown keys.
		probs.Add(strictyaml.PosOf(root), "not a socpick vendor profile: none of its keys (a profile starts with apiVersion: %s and kind: %s)", soc.APIVersion, soc.KindVendorProfile)
		return nil, probs.Err()
	}
	var doc document
	strictyaml.Decode(root, &doc, "", probs)
	size := 0
	if qs != nil {
		size = len(qs.Questions)
	}
	p := &Profile{
		File:      file,
		Answers:   make(questionnaire.Answers, size),
		AnswerPos: make(map[string]strictyaml.Pos, size),
		Pos:       strictyaml.PosOf(root),
		root:      root,
	}
	strictyaml.CheckHeader(root, soc.APIVersion, soc.KindVendorProfile, probs)
	if doc.Metadata != nil {
		p.readMetadata(doc.Metadata, probs)
	}
	p.AnswersPos = doc.KeyPos["answers"]
	if doc.Answers != nil {
		ReadAnswers(doc.Answers, "answers", qs, p.Answers, p.AnswerPos, probs)
	}
	if _, ok := doc.KeyPos["held"]; ok {
		p.HeldPos = doc.KeyPos["held"]
		p.Held = ReadHeld(doc.Held, "held", probs)
	}
	for i, n := range doc.Waivers {
		if w, ok := readWaiver(n, fmt.Sprintf("waivers[%d]", i), probs); ok {
			w.Index = i
			p.Waivers = append(p.Waivers, w)
		}
	}
	if doc.Expect != nil {
		p.Expect = readExpect(doc.Expect, doc.KeyPos["expect"], probs)
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Profile) readMetadata(n *yaml.Node, probs *strictyaml.Problems) {
	var md metadata
	strictyaml.Decode(n, &md, "metadata", probs)
	p.Name, p.Description = md.Name, md.Description
	if on, present, ok := readDate(md.AnsweredOn, "metadata.answered_on", probs); present && ok {
		p.AnsweredOn, p.AnsweredOnPos = on, strictyaml.PosOf(md.AnsweredOn)
	}
	if n.Kind != yaml.MappingNode {
		return // Decode has said so
	}
	title, titleOK := valueNode(n, "title"), false
	if isString(title) {
		if err := CheckTitle(title.Value); err != nil {
			probs.Add(strictyaml.PosOf(title), "metadata.title: %v", err)
		} else {
			p.Title, titleOK = strings.TrimSpace(title.Value), true
		}
	}
	switch name := valueNode(n, "name"); {
	case isString(name):
		if err := CheckName(md.Name); err != nil {
			probs.Add(strictyaml.PosOf(name), "metadata.name: %v", err)
		}
	case name != nil:
		// A wrong type: Decode has said so.
	case titleOK:
		// The name every output carries, made from the title.
		if p.Name = Slug(p.Title); p.Name == "" {
			probs.Add(strictyaml.PosOf(title), "metadata.title: %s has no letters or digits to make a name of; give metadata.name (lower-case letters, digits and dashes)", strictyaml.Quote(p.Title))
		}
	case title == nil:
		// The message Decode gave when name was required, before titles.
		probs.Add(strictyaml.PosOf(n), "metadata: missing required key %q", "name")
	}
}

// MaxTitle is the longest metadata.title, in characters: a display name
// fits on a line of output.
const MaxTitle = 100

// CheckTitle checks a vendor's display name as metadata.title holds it:
// one line of text, without control characters, at most MaxTitle
// characters. Spaces and line breaks around it do not count (a YAML
// block scalar ends with a line break).
func CheckTitle(title string) error {
	title = strings.TrimSpace(title)
	for _, r := range title {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			return errors.New("must be one line (it is the vendor's display name)")
		case unicode.IsControl(r) || bidiControl(r):
			// Invisible in output, and a terminal may act on them.
			return fmt.Errorf("holds the control character %U; a title is plain text", r)
		}
	}
	switch n := utf8.RuneCountInString(title); {
	case n == 0:
		return errors.New("is empty; give the vendor's display name, or leave title out")
	case n > MaxTitle:
		return fmt.Errorf("is %d characters long; the limit is %d", n, MaxTitle)
	}
	return nil
}

// bidiControl reports whether r changes the direction of the text around
// it, so that what is shown is not what is written.
func bidiControl(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' || r == '\u200e' || r == '\u200f' || r == '\u061c'
}

// CheckName checks a vendor's name as metadata.name holds it, the name
// every output carries: lower-case letters, digits and dashes.
func CheckName(name string) error {
	if soc.ValidID(name) {
		return nil
	}
	hint := ""
	if s := Slug(name); s != "" && s != name {
		hint = fmt.Sprintf(" (did you mean %s?)", strictyaml.Quote(s))
	}
	return fmt.Errorf("%s must be lower-case letters, digits and dashes, starting with a letter or digit ([a-z0-9][a-z0-9-]*)%s", strictyaml.Quote(name), hint)
}

// MaxSlug is the longest name Slug makes, in bytes: a name goes into file
// names, CI annotations and every output line, and 63 is the longest
// label DNS and most tools take. (CheckName sets no limit: profiles
// written with longer names stay valid.)
const MaxSlug = 63

// Slug makes a valid metadata.name of a display name: "Acme Payroll,
// Inc." gives "acme-payroll-inc". Letters and digits are kept, in lower
// case, accented Latin letters without their accents ("Ünïcödé" gives
// "unicode"); anything else between them becomes one dash. A name longer
// than MaxSlug is cut at a dash where one is near the end. The result
// passes CheckName, or is "" when nothing usable is left.
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if unicode.Is(unicode.Mn, r) {
			continue // a combining accent: "e\u0301" is "é"
		}
		plain, ok := fold(r)
		if !ok {
			dash = true
			continue
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(plain)
		dash = false
	}
	s := b.String()
	if len(s) > MaxSlug {
		s = s[:MaxSlug+1] // one more, so that a dash just past the limit is a clean cut
		cut := strings.LastIndexByte(s, '-')
		if cut < MaxSlug/2 {
			cut = MaxSlug // no dash near the end: cut the word
		}
		s = strings.TrimRight(s[:cut], "-")
	}
	return s
}

// fold spells a lower-case letter or digit in ASCII: itself, or an
// accented Latin letter without its accent (é: e, ß: ss, æ: ae); ok is
// false for anything else.
func fold(r rune) (string, bool) {
	switch {
	case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
		return string(r), true
	case r < 0xdf || r > 0x17f:
		return "", false
	}
	for _, f := range latinFolds {
		if strings.ContainsRune(f.from, r) {
			return f.to, true
		}
	}
	return "", false
}

// latinFolds spells the lower-case letters of Latin-1 and Latin
// Extended-A in ASCII, where it is simple to.
var latinFolds = []struct{ from, to string }{
	{"àáâãäåāăą", "a"}, {"æ", "ae"}, {"çćĉċč", "c"}, {"ďđð", "d"},
	{"èéêëēĕėęě", "e"}, {"ĝğġģ", "g"}, {"ĥħ", "h"}, {"ìíîïĩīĭįı", "i"},
	{"ĳ", "ij"}, {"ĵ", "j"}, {"ķĸ", "k"}, {"ĺļľŀł", "l"}, {"ñńņňŉŋ", "n"},
	{"òóôõöøōŏő", "o"}, {"œ", "oe"}, {"ŕŗř", "r"}, {"ß", "ss"}, {"śŝşšſ", "s"},
	{"ţťŧ", "t"}, {"þ", "th"}, {"ùúûüũūŭůűų", "u"}, {"ŵ", "w"},
	{"ýÿŷ", "y"}, {"źżž", "z"},
}

// ReadAnswers reads a mapping of answer keys to values, as a profile's
// answers key holds it, into answers and the position of each value into
// pos, checking each with its question; path names the mapping in
// messages. Every problem is recorded in probs at its position.
func ReadAnswers(n *yaml.Node, path string, qs *questionnaire.Questionnaire, answers questionnaire.Answers, pos map[string]strictyaml.Pos, probs *strictyaml.Problems) {
	if n.Kind != yaml.MappingNode {
		probs.Add(strictyaml.PosOf(n), "%s: expected a mapping of answer keys to values, got %s", path, strictyaml.Describe(n))
		return
	}
	if qs == nil {
		probs.Add(strictyaml.PosOf(n), "%s: cannot be checked: no questionnaire is loaded", path)
		return
	}
	seen := make(map[string]strictyaml.Pos, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			probs.Add(strictyaml.PosOf(k), "%s: expected an answer key, got %s", path, strictyaml.Describe(k))
			continue
		}
		key, keyPath := k.Value, path+"."+k.Value
		if prev, dup := seen[key]; dup {
			probs.Add(strictyaml.PosOf(k), "%s.%s: duplicate key %s (first at line %d)", path, strictyaml.Clip(key), strictyaml.Quote(key), prev.Line)
			continue
		}
		seen[key] = strictyaml.PosOf(k)
		q := qs.Lookup(key)
		if q == nil {
			probs.UnknownKey(strictyaml.PosOf(k), path, key, qs.Keys())
			continue
		}
		val, err := checkAnswer(q, v)
		if err != nil {
			// Every bad item of a list, each at its own position.
			for _, err := range questionnaire.SplitErrors(err) {
				at := strictyaml.PosOf(v)
				var ve *questionnaire.ValueError
				if errors.As(err, &ve) && ve.Index >= 0 && v.Kind == yaml.SequenceNode && ve.Index < len(v.Content) {
					at = strictyaml.PosOf(v.Content[ve.Index])
				}
				probs.Add(at, "%s: %v", keyPath, err)
			}
			continue
		}
		answers[key] = val
		pos[key] = strictyaml.PosOf(v)
	}
}

// checkAnswer checks one answer value with its question. The questionnaire
// knows strings, booleans, integers and lists; the rest of YAML (no value,
// floats, timestamps) is worded here.
func checkAnswer(q *questionnaire.Question, v *yaml.Node) (any, error) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil, fmt.Errorf("no value (want %s); leave the key out to leave the question unanswered", q.Allowed())
	}
	if v.Kind == yaml.ScalarNode && !plainScalar(v) && q.Kind != questionnaire.KindList {
		return nil, fmt.Errorf("expected %s, got %s", q.Allowed(), strictyaml.Describe(v))
	}
	if v.Kind == yaml.SequenceNode {
		for i, it := range v.Content {
			if it.Kind == yaml.ScalarNode && !plainScalar(it) {
				return nil, &questionnaire.ValueError{Index: i, Msg: fmt.Sprintf("item %d: expected a value name, got %s", i+1, strictyaml.Describe(it))}
			}
		}
	}
	return q.CheckNode(v)
}

// plainScalar reports whether the questionnaire reads n's type: a string,
// a boolean or an integer.
func plainScalar(n *yaml.Node) bool {
	return n.Tag == "!!str" || n.Tag == "!!bool" || n.Tag == "!!int"
}

// readWaiver reads one waiver: a code (checked against the finding codes
// when a check applies it), optionally a report, a reason that says
// something, and the date it expires.
func readWaiver(n *yaml.Node, path string, probs *strictyaml.Problems) (Waiver, bool) {
	var e waiverEntry
	strictyaml.Decode(n, &e, path, probs)
	if n.Kind != yaml.MappingNode {
		return Waiver{}, false
	}
	w := Waiver{Code: e.Code, Reason: strings.TrimSpace(e.Reason), Pos: strictyaml.PosOf(n), CodePos: e.KeyPos["code"], ExpiresPos: e.KeyPos["expires"]}
	ok := true
	if e.Report != "" {
		if w.Report, ok = checkID(n, "report", path, soc.Reports, "report", probs); !ok {
			return w, false
		}
	}
	if _, given := e.KeyPos["reason"]; given && w.Reason == "" {
		probs.Add(e.KeyPos["reason"], "%s.reason: say why the finding is accepted, and until what happens (a ticket, a booked date)", path)
		ok = false
	}
	expires, present, dateOK := readDate(e.Expires, path+".expires", probs)
	if !present || !dateOK {
		return w, false
	}
	w.Expires = expires
	return w, ok // a code that is not one, "" too, is check's to refuse (check.WaiverProblems)
}

// ReadHeld reads held report entries as a profile's held key holds them
// (a rule test case gives them too), each problem at its position.
func ReadHeld(entries []*yaml.Node, path string, probs *strictyaml.Problems) []HeldReport {
	var out []HeldReport
	for i, n := range entries {
		if h, ok := readHeld(n, fmt.Sprintf("%s[%d]", path, i), probs); ok {
			out = append(out, h)
		}
	}
	return out
}

// ReadDate reads an optional date (YYYY-MM-DD, quoted or not) at path;
// ok is false when it is absent or invalid (then a problem says why).
func ReadDate(n *yaml.Node, path string, probs *strictyaml.Problems) (time.Time, bool) {
	t, _, ok := readDate(n, path, probs)
	return t, ok
}

func readHeld(n *yaml.Node, path string, probs *strictyaml.Problems) (HeldReport, bool) {
	var e heldEntry
	strictyaml.Decode(n, &e, path, probs)
	if n.Kind != yaml.MappingNode {
		return HeldReport{}, false
	}
	h := HeldReport{Pos: strictyaml.PosOf(n)}
	report, rok := checkID(n, "report", path, soc.Reports, "report", probs)
	typ, tok := checkType(n, e.KeyPos, report, rok, path, probs)

	start, hasStart, startOK := readDate(e.PeriodStart, path+".period_start", probs)
	end, hasEnd, endOK := readDate(e.PeriodEnd, path+".period_end", probs)
	asOf, hasAsOf, _ := readDate(e.AsOf, path+".as_of", probs)
	if rok && !soc.HasType(report) {
		if tok && typ == soc.Type1 {
			probs.Add(e.KeyPos["type"], "%s.type: a SOC 3 has no type: leave type out and give its period (period_start and period_end), or as_of for a rare point-in-time SOC 3", path)
		}
		// A SOC 3 has no type: it covers a period, or rarely a date, and
		// is judged as the Type II or Type I of that shape.
		typ, tok = soc.Type2, true
		switch {
		case hasAsOf && !hasStart && !hasEnd:
			typ = soc.Type1
		case !hasAsOf && !hasStart && !hasEnd:
			probs.Add(h.Pos, "%s: a SOC 3 needs its period (period_start and period_end, YYYY-MM-DD), or as_of for a rare point-in-time SOC 3", path)
			tok = false
		}
		if _, given := e.KeyPos["bridge_letter_through"]; given {
			probs.Add(e.KeyPos["bridge_letter_through"], "%s.bridge_letter_through: bridge letters go with SOC 1 and SOC 2 reports; give it on the SOC 2 the SOC 3 comes from", path)
		}
	}
	// what names the report in messages: "a type2 report", or "a SOC 3".
	what := "a " + typ + " report"
	if rok && !soc.HasType(report) {
		what = "a SOC 3"
	}
	h.Report, h.Type = report, typ
	bridge, hasBridge, bridgeOK := readDate(e.BridgeLetterThrough, path+".bridge_letter_through", probs)
	h.PeriodStart, h.PeriodEnd, h.AsOf, h.BridgeLetterThrough = start, end, asOf, bridge

	if tok {
		switch typ {
		case soc.Type2:
			var missing []string
			if !hasStart {
				missing = append(missing, "period_start")
			}
			if !hasEnd {
				missing = append(missing, "period_end")
			}
			if len(missing) > 0 {
				probs.Add(h.Pos, "%s: %s needs %s (its examination period, YYYY-MM-DD)", path, what, strings.Join(missing, " and "))
			}
			if hasAsOf {
				probs.Add(e.KeyPos["as_of"], "%s.as_of: %s covers a period: give period_start and period_end, not as_of", path, what)
			}
			if startOK && endOK {
				checkPeriod(start, end, strictyaml.PosOf(e.PeriodEnd), path, what, probs)
			}
			if bridgeOK && endOK && !bridge.After(end) {
				probs.Add(strictyaml.PosOf(e.BridgeLetterThrough), "%s.bridge_letter_through: %s is not after period_end %s (a bridge letter covers the time after the period)",
					path, calendar.Day(bridge), calendar.Day(end))
			}
		case soc.Type1:
			if !hasAsOf {
				probs.Add(h.Pos, "%s: %s needs as_of (the date it describes, YYYY-MM-DD)", path, what)
			}
			for _, key := range []string{"period_start", "period_end"} {
				if _, ok := e.KeyPos[key]; ok {
					probs.Add(e.KeyPos[key], "%s.%s: %s describes one date: give as_of, not an examination period", path, key, what)
				}
			}
			if hasBridge && soc.HasType(report) {
				probs.Add(e.KeyPos["bridge_letter_through"], "%s.bridge_letter_through: bridge letters follow a type2 period; a type1 report has none", path)
			}
		}
	}
	h.Criteria = readCriteria(e.Criteria, e.KeyPos, report, rok, path, probs)
	// A SOC 2 is examined against the categories its owners chose; taking
	// a missing list for security alone turned a typo into a
	// missing-criteria finding. (A SOC 3 keeps security as its default.)
	if rok && report == soc.SOC2 {
		want := "one or more of " + prose.JoinList(soc.Criteria, "or")
		if at, given := e.KeyPos["criteria"]; !given {
			probs.Add(h.Pos, "%s: a SOC 2 needs criteria, the Trust Services Categories it covers: %s (criteria: [security] for security alone)", path, want)
		} else if len(e.Criteria) == 0 && valueNode(n, "criteria").Kind == yaml.SequenceNode {
			probs.Add(at, "%s.criteria: empty; list the Trust Services Categories the SOC 2 covers: %s", path, want)
		}
	}
	return h, true
}

// checkPeriod checks a held report's examination period: it ends after it
// starts, and lasts at least a month, the shortest period a Type II (and
// the SOC 3 issued from it) can test controls over. at is period_end's
// position; what names the report ("a type2 report", "a SOC 3").
func checkPeriod(start, end time.Time, at strictyaml.Pos, path, what string, probs *strictyaml.Problems) {
	if end.Before(start) {
		probs.Add(at, "%s.period_end: %s is before period_start %s (a period ends after it starts; are the two swapped?)",
			path, calendar.Day(end), calendar.Day(start))
		return
	}
	// One month from the 1st runs to the 31st (or the 30th ...): the day
	// before the same day a month on.
	least := calendar.AddMonths(start, 1).AddDate(0, 0, -1)
	if end.Before(least) {
		days := calendar.DaysBetween(start, end) + 1
		probs.Add(at, "%s.period_end: the period %s to %s is %s, shorter than one month; %s covers at least a month (period_end %s or later)",
			path, calendar.Day(start), calendar.Day(end), prose.Plural(days, "day"), what, calendar.Day(least))
	}
}

func readExpect(n *yaml.Node, keyPos strictyaml.Pos, probs *strictyaml.Problems) *Expectation {
	var b expectBlock
	strictyaml.Decode(n, &b, "expect", probs)
	x := &Expectation{Pos: keyPos}
	seen := map[string]strictyaml.Pos{}
	for i, en := range b.Reports {
		path := fmt.Sprintf("expect.reports[%d]", i)
		var e expectEntry
		strictyaml.Decode(en, &e, path, probs)
		if en.Kind != yaml.MappingNode {
			continue
		}
		r := ExpectedReport{Pos: strictyaml.PosOf(en)}
		report, rok := checkID(en, "report", path, soc.Reports, "report", probs)
		r.Type, _ = checkType(en, e.KeyPos, report, rok, path, probs)
		if rok && !soc.HasType(report) {
			if r.Type == soc.Type1 {
				probs.Add(e.KeyPos["type"], "%s.type: a SOC 3 has no type: leave type out", path)
			}
			r.Type = "" // type2 on an expected SOC 3 (v1 profiles) means the same as none
		}
		r.Report = report
		if rok {
			if prev, dup := seen[report]; dup {
				probs.Add(strictyaml.PosOf(valueNode(en, "report")), "%s.report: %s is expected twice (first at line %d); give each report once", path, report, prev.Line)
			} else {
				seen[report] = r.Pos
			}
		}
		r.Criteria = readCriteria(e.Criteria, e.KeyPos, report, rok, path, probs)
		x.Reports = append(x.Reports, r)
	}
	return x
}

// readCriteria checks a criteria list. An empty list is accepted on any
// report: it claims nothing (a recommendation copied from JSON output has
// "criteria: []" on soc1).
func readCriteria(items []*yaml.Node, keyPos map[string]strictyaml.Pos, report string, reportOK bool, path string, probs *strictyaml.Problems) []string {
	if reportOK && !soc.HasCriteria(report) {
		if len(items) > 0 {
			probs.Add(keyPos["criteria"], "%s.criteria: criteria apply to soc2 and soc3 only, not %s", path, report)
		}
		return nil
	}
	out := []string{}
	seen := map[string]bool{}
	for i, it := range items {
		ipath := fmt.Sprintf("%s.criteria[%d]", path, i)
		if !isString(it) {
			probs.Add(strictyaml.PosOf(it), "%s: expected a criterion (%s), got %s", ipath, prose.JoinList(soc.Criteria, "or"), strictyaml.Describe(it))
			continue
		}
		c := it.Value
		if !slices.Contains(soc.Criteria, c) {
			probs.Add(strictyaml.PosOf(it), "%s: %s is not a criterion (want %s)%s", ipath, strictyaml.Quote(c), prose.JoinList(soc.Criteria, "or"), suggestID(c, soc.Criteria))
			continue
		}
		if seen[c] {
			probs.Add(strictyaml.PosOf(it), "%s: %q is listed twice", ipath, c)
			continue
		}
		seen[c] = true
		out = append(out, c)
	}
	if !reportOK {
		return nil
	}
	if !seen[soc.Security] {
		out = append(out, soc.Security)
	}
	soc.SortBy(out, soc.Criteria)
	return out
}

// checkType reads a report entry's type: required for a report that has
// one, optional for a SOC 3, which has none ("" when absent).
func checkType(m *yaml.Node, keyPos map[string]strictyaml.Pos, report string, reportOK bool, path string, probs *strictyaml.Problems) (string, bool) {
	if _, given := keyPos["type"]; !given {
		if reportOK && soc.HasType(report) {
			probs.Add(strictyaml.PosOf(m), "%s: missing required key \"type\" (want %s)", path, prose.JoinList(soc.Types, "or"))
			return "", false
		}
		return "", true
	}
	return checkID(m, "type", path, soc.Types, "report type", probs)
}

// checkID checks that the string at key of mapping m is one of ids. A
// missing key or a value of the wrong type is not reported again: Decode
// has done so.
func checkID(m *yaml.Node, key, path string, ids []string, what string, probs *strictyaml.Problems) (string, bool) {
	n := valueNode(m, key)
	if !isString(n) {
		return "", false
	}
	if slices.Contains(ids, n.Value) {
		return n.Value, true
	}
	probs.Add(strictyaml.PosOf(n), "%s.%s: %s is not a %s (want %s)%s", path, key, strictyaml.Quote(n.Value), what, prose.JoinList(ids, "or"), suggestID(n.Value, ids))
	return "", false
}

// readDate reads an optional date. present says the key is there (even
// with a bad value, so that it is not also reported missing); ok says the
// date is valid.
func readDate(n *yaml.Node, path string, probs *strictyaml.Problems) (t time.Time, present, ok bool) {
	if n == nil {
		return time.Time{}, false, false
	}
	// Unquoted dates are YAML timestamps; their text is kept as written.
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" && n.Tag != "!!timestamp" {
		probs.Add(strictyaml.PosOf(n), "%s: expected a date (YYYY-MM-DD), got %s", path, strictyaml.Describe(n))
		return time.Time{}, true, false
	}
	t, err := ParseDate(n.Value)
	if err != nil {
		probs.Add(strictyaml.PosOf(n), "%s: %v", path, err)
		return time.Time{}, true, false
	}
	return t, true, true
}

var datePattern = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)

// ParseDate reads a YYYY-MM-DD date. Its error says what is wrong: the
// notation, or a day the calendar does not have (2026-02-30).
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err == nil {
		return t, nil
	}
	m := datePattern.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("%s is not a date (want YYYY-MM-DD, e.g. 2026-06-30)", strictyaml.Quote(s))
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	if month < 1 || month > 12 {
		return time.Time{}, fmt.Errorf("%s is not a date: there is no month %d (want YYYY-MM-DD)", strictyaml.Quote(s), month)
	}
	days := calendar.EndOfMonth(calendar.Date(year, time.Month(month), 1)).Day()
	return time.Time{}, fmt.Errorf("%s is not a date: %s %d has %d days (want YYYY-MM-DD)", strictyaml.Quote(s), time.Month(month), year, days)
}

// suggestID is prose.Suggest that also knows how people write the
// ids in prose: "SOC 2", "Type II", "processing integrity".
func suggestID(s string, ids []string) string {
	norm := strings.ToLower(strings.TrimSpace(s))
	norm = strings.NewReplacer(" ", "", "_", "", "-", "").Replace(norm)
	for _, roman := range []struct{ from, to string }{{"iii", "3"}, {"ii", "2"}, {"i", "1"}} {
		if (strings.HasPrefix(norm, "type") || strings.HasPrefix(norm, "soc")) && strings.HasSuffix(norm, roman.from) {
			norm = strings.TrimSuffix(norm, roman.from) + roman.to
			break
		}
	}
	for _, id := range ids {
		if strings.ReplaceAll(id, "-", "") == norm && id != s {
			return fmt.Sprintf(" (did you mean %q?)", id)
		}
	}
	return prose.Suggest(s, ids)
}

// isString reports whether n is a string scalar.
func isString(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.Tag == "!!str"
}

// valueNode returns the value of key in mapping m (the first, when the key
// is duplicated, as Decode keeps), or nil.
func valueNode(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
