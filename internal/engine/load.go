package engine

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/expr-lang/expr/vm"
	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/internal/strictyaml"
)

// RulesGlob matches the rule files of a ruleset.
const RulesGlob = "*.rules.yaml"

// Ruleset is a loaded and compiled ruleset: the questions, the rules in
// evaluation order, and the report catalog.
type Ruleset struct {
	Questions *questionnaire.Questionnaire
	Rules     []*Rule
	Catalog   *Catalog
	// Sources are the public sources rules and estimates cite.
	Sources *Sources
	// Digest identifies the ruleset's contents, "sha256:" and the hex
	// SHA-256 of its files' names and bytes in load order, so that an
	// audit trail shows which rules judged.
	Digest string
	// Dir names the directory the ruleset was loaded from, in the
	// messages of the errors Evaluate returns (FILE:LINE:COL names a file
	// the user can open); empty, files are named as in the ruleset.
	Dir string

	byID map[string]*Rule
	// decide are the rules that recommend or exclude reports, which run
	// first; follow are the others, in evaluation order.
	decide, follow []*Rule
	// reportSets holds, for each set of reports as bits over soc.Reports,
	// the value of reports in the environment, made once.
	reportSets []any
	// slots number the names the fast conditions read.
	slots fastSlots

	// states reuses evaluation scratch space (an expression machine, the
	// environment, the fired rules), which is not safe for concurrent use;
	// the pool is.
	states sync.Pool
}

// Rule is one compiled rule.
type Rule struct {
	ID          string
	Description string
	File        string
	Pos         strictyaml.Pos
	// When is the condition's text.
	When string
	// Reads lists the answer keys (and "reports") the condition reads.
	Reads    []string
	Priority int
	// Recommend and Exclude decide the reports; such rules run first and
	// cannot read "reports".
	Recommend []string
	Exclude   []string
	// Type maps a report to the type this rule sets for it.
	Type map[string]string
	// Interim lists reports for which a Type I comes first when their type
	// is Type II; the reason says when the Type II can follow.
	Interim      []string
	Criteria     []string
	AlsoConsider []string
	// Obligations are what applies to the vendor (PCI DSS, HIPAA), shown
	// apart from what to consider.
	Obligations []string
	// Warning, when set, makes the reason a warning: answers that
	// disagree, named so the user can check them.
	Warning   *Warning
	Note      bool
	Reason    *Template
	NextSteps []*Template
	// Sources are the ids of the sources the rule rests on, in the
	// ruleset's sources file.
	Sources []string

	when *vm.Program
	// fast is the condition compiled to Go, or nil (see fastCondition).
	fast fastBool
	// whenPos is where the condition stands; whenComment is a comment
	// YAML found after it on its line (see Analyze).
	whenPos     strictyaml.Pos
	whenComment string

	// The outcomes as evaluation reads them, made once at load: reports
	// and criteria as bits over soc.Reports and soc.Criteria, the type
	// set for each report by its index in soc.Reports ("" for none), and
	// the catalog positions of the also-consider items.
	recommend, exclude, interim uint
	criteria                    uint
	types                       []string
	considerRanks               []int
	obligationRanks             []int
}

// decidesReports reports whether r recommends or excludes reports.
func (r *Rule) decidesReports() bool { return len(r.Recommend) > 0 || len(r.Exclude) > 0 }

type rawRule struct {
	ID           string       `yaml:"id,required"`
	Description  string       `yaml:"description"`
	When         *yaml.Node   `yaml:"when,required"`
	Priority     int          `yaml:"priority"`
	Recommend    []string     `yaml:"recommend"`
	Exclude      []string     `yaml:"exclude"`
	Type         *rawType     `yaml:"type"`
	Interim      []string     `yaml:"interim"`
	Criteria     []string     `yaml:"criteria"`
	AlsoConsider []string     `yaml:"also_consider"`
	Obligations  []string     `yaml:"obligations"`
	Warning      *rawWarning  `yaml:"warning"`
	Note         bool         `yaml:"note"`
	NextSteps    []*yaml.Node `yaml:"next_steps"`
	Reason       *yaml.Node   `yaml:"reason"`
	Sources      []*yaml.Node `yaml:"sources"`
	Pos          strictyaml.Pos
	KeyPos       map[string]strictyaml.Pos
}

type rawWarning struct {
	Code    string   `yaml:"code,required"`
	Answers []string `yaml:"answers,required"`
	KeyPos  map[string]strictyaml.Pos
}

type rawType struct {
	SOC1   string `yaml:"soc1"`
	SOC2   string `yaml:"soc2"`
	SOC3   string `yaml:"soc3"`
	KeyPos map[string]strictyaml.Pos
}

type rulesFile struct {
	APIVersion string     `yaml:"apiVersion,required"`
	Kind       string     `yaml:"kind,required"`
	Rules      []*rawRule `yaml:"rules,required"`
}

// Load reads, checks and compiles the ruleset in fsys: questions.yaml,
// catalog.yaml and every *.rules.yaml, in name order. All problems of all
// files are returned at once, each as FILE:LINE:COL.
func Load(fsys fs.FS) (*Ruleset, error) {
	ruleFiles, err := fs.Glob(fsys, RulesGlob)
	if err != nil {
		return nil, err
	}
	if len(ruleFiles) == 0 {
		return nil, fmt.Errorf("no rule files (%s) in the ruleset", RulesGlob)
	}
	// sources.yaml is optional: a ruleset whose rules cite nothing needs
	// none (rules validate warns about each such rule).
	fixed := []string{questionnaire.FileName, CatalogFile}
	if _, err := fs.Stat(fsys, SourcesFile); !errors.Is(err, fs.ErrNotExist) {
		fixed = append(fixed, SourcesFile)
	}
	names := append(fixed, ruleFiles...)
	if err := checkRulesetSize(fsys, names); err != nil {
		return nil, err
	}
	docs := parseFiles(fsys, names)
	if docs[0].err != nil {
		return nil, docs[0].err
	}
	qs := docs[0].questions
	sources := &Sources{}
	if len(fixed) == 3 {
		if docs[2].err != nil {
			return nil, docs[2].err
		}
		if sources, err = sourcesFromNode(docs[2].root); err != nil {
			return nil, err
		}
	}
	if docs[1].err != nil {
		return nil, docs[1].err
	}
	cat, err := catalogFromNode(docs[1].root, sources)
	if err != nil {
		return nil, err
	}
	rs := &Ruleset{Questions: qs, Catalog: cat, Sources: sources}
	// Compiling the conditions and reasons is most of a load: the files
	// compile at once, each on its own goroutine (a process that gives
	// advice once pays for the load every time).
	files := make([]*rulesDoc, len(ruleFiles))
	var wg sync.WaitGroup
	for i, doc := range docs[len(fixed):] {
		if doc.err != nil {
			files[i] = &rulesDoc{err: doc.err}
			continue
		}
		wg.Go(func() { files[i] = rs.parseRules(doc.name, doc.root) })
	}
	wg.Wait()
	// Then what spans files, in file and rule order: duplicate ids.
	seen := map[string]string{}
	var errs []error
	for _, f := range files {
		if f.err != nil {
			errs = append(errs, f.err)
			continue
		}
		for _, raw := range f.raws {
			if raw == nil || raw.ID == "" {
				continue
			}
			if prev, dup := seen[raw.ID]; dup {
				f.probs.Add(raw.KeyPos["id"], "rule %s: duplicate rule id (first in %s)", raw.ID, prev)
			}
			seen[raw.ID] = fmt.Sprintf("%s:%d", f.probs.File, raw.Pos.Line)
		}
		if err := f.probs.Err(); err != nil {
			errs = append(errs, err)
		}
		rs.Rules = append(rs.Rules, f.rules...)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	rs.Digest = digest(docs)
	rs.index()
	return rs, nil
}

// digest is the SHA-256 of the files as they were read and parsed, each
// name and its bytes in order, written "sha256:<hex>".
func digest(files []parsedFile) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%d\x00", f.name, len(f.data))
		h.Write(f.data)
	}
	return fmt.Sprintf("sha256:%x", h.Sum(nil))
}

// rulesDoc is a rules file decoded and compiled: its rules, the raw rules
// they came from, and its problems; or why it could not be read.
type rulesDoc struct {
	rules []*Rule
	raws  []*rawRule
	probs *strictyaml.Problems
	err   error
}

// index makes what evaluation looks up instead of working it out on every
// evaluation: the rules by id and by phase, each rule's outcomes as bits
// and positions, and the values reports can take.
func (rs *Ruleset) index() {
	rs.byID = make(map[string]*Rule, len(rs.Rules))
	for _, r := range rs.Rules {
		rs.byID[r.ID] = r
		if r.when != nil {
			// Here, in rule order, not as the files compile at once: the
			// fast conditions number the names they read as they meet them.
			r.fast = fastCondition(rs.Questions, &rs.slots, r.when.Node())
		}
		r.recommend, r.exclude, r.interim = reportBits(r.Recommend), reportBits(r.Exclude), reportBits(r.Interim)
		r.criteria = criteriaBits(r.Criteria)
		r.types = make([]string, len(soc.Reports))
		for i, id := range soc.Reports {
			r.types[i] = r.Type[id]
		}
		for _, id := range r.AlsoConsider {
			r.considerRanks = append(r.considerRanks, rs.Catalog.index.considerRank[id])
		}
		for _, id := range r.Obligations {
			r.obligationRanks = append(r.obligationRanks, rs.Catalog.index.obligationRank[id])
		}
		if r.decidesReports() {
			rs.decide = append(rs.decide, r)
		} else {
			rs.follow = append(rs.follow, r)
		}
	}
	rs.reportSets = make([]any, 1<<len(soc.Reports))
	for set := range rs.reportSets {
		var ids []string
		for i, id := range soc.Reports {
			if set&(1<<i) != 0 {
				ids = append(ids, id)
			}
		}
		rs.reportSets[set] = ids
	}
	questions, considered, obliged := len(rs.Questions.Questions), len(rs.Catalog.AlsoConsider), len(rs.Catalog.Obligations)
	rs.states.New = func() any {
		return &evalState{
			env: make(map[string]any, questions+1), vals: make(fastEnv, 0, len(rs.slots.keys)),
			fired: make([]fired, 0, len(rs.Rules)), consider: make([]*fired, considered), oblige: make([]*fired, obliged),
		}
	}
}

// reportBits is a set of report ids as bits over soc.Reports.
func reportBits(ids []string) uint { return bitsOver(ids, soc.Reports) }

// bitsOver is a set of ids as bits over order: bit i for order[i].
func bitsOver(ids, order []string) uint {
	var bits uint
	for _, id := range ids {
		if i := slices.Index(order, id); i >= 0 {
			bits |= 1 << i
		}
	}
	return bits
}

// Rule returns the rule with an id, or nil.
func (rs *Ruleset) Rule(id string) *Rule { return rs.byID[id] }

// RuleIDs lists the rules' ids in evaluation order, for messages and
// did-you-mean hints.
func (rs *Ruleset) RuleIDs() []string {
	ids := make([]string, len(rs.Rules))
	for i, r := range rs.Rules {
		ids[i] = r.ID
	}
	return ids
}

// parsedFile is one file of a ruleset, parsed.
type parsedFile struct {
	name string
	// data is the file's bytes, for the ruleset's digest.
	data []byte
	root *yaml.Node
	// questions is questions.yaml read, whole: it is decoded and checked
	// with the YAML parsing, on the same goroutine.
	questions *questionnaire.Questionnaire
	err       error
}

// parseFiles reads and parses files concurrently: YAML parsing is half of
// loading, and loading is on the start-up path of every command. The
// results are in the order of names.
func parseFiles(fsys fs.FS, names []string) []parsedFile {
	out := make([]parsedFile, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			out[i].name = name
			data, err := strictyaml.ReadFile(fsys, name)
			if err != nil {
				out[i].err = cannotRead(name, err)
				return
			}
			out[i].data = data
			if name == questionnaire.FileName {
				out[i].questions, out[i].err = questionnaire.Parse(name, data)
				return
			}
			out[i].root, out[i].err = strictyaml.Parse(name, data)
		})
	}
	wg.Wait()
	return out
}

// MaxRulesetSize is the most bytes a ruleset's files may hold in all.
// Each is also at most strictyaml.MaxFileSize; every command that loads
// the ruleset pays for parsing it, so a directory of many large files is
// refused before any is read. The default ruleset holds about 40 KB.
const MaxRulesetSize = 8 << 20

// checkRulesetSize refuses a ruleset whose files together exceed
// MaxRulesetSize, from their sizes alone.
func checkRulesetSize(fsys fs.FS, names []string) error {
	var total int64
	for _, name := range names {
		// A file over its own limit is reported by name when it is read.
		if fi, err := fs.Stat(fsys, name); err == nil && fi.Mode().IsRegular() && fi.Size() <= strictyaml.MaxFileSize {
			total += fi.Size()
		}
	}
	if total > MaxRulesetSize {
		return fmt.Errorf("the ruleset's %d files hold %d bytes in all; the limit is %d (8 MiB)", len(names), total, MaxRulesetSize)
	}
	return nil
}

// cannotRead says which files a ruleset holds when one of them cannot be
// read; other errors pass as they are.
func cannotRead(name string, err error) error {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return err
	}
	probs := &strictyaml.Problems{File: name}
	probs.Add(strictyaml.Pos{}, "cannot read it: a ruleset holds %s, %s and %s files (%v)",
		questionnaire.FileName, CatalogFile, RulesGlob, pe.Err)
	return probs
}

// parseRules decodes and compiles one rules file. It reads the ruleset's
// questions and catalog and changes nothing shared: files compile at once.
func (rs *Ruleset) parseRules(name string, root *yaml.Node) *rulesDoc {
	doc := &rulesDoc{probs: &strictyaml.Problems{File: name}}
	var f rulesFile
	strictyaml.Decode(root, &f, "", doc.probs)
	strictyaml.CheckHeader(root, soc.APIVersion, soc.KindRules, doc.probs)
	doc.raws = f.Rules
	for i, raw := range f.Rules {
		if raw == nil {
			continue
		}
		p := fmt.Sprintf("rules[%d]", i)
		if raw.ID != "" {
			p = fmt.Sprintf("rule %s", raw.ID)
		}
		if r := rs.compileRule(name, p, raw, doc.probs); r != nil {
			doc.rules = append(doc.rules, r)
		}
	}
	return doc
}

func (rs *Ruleset) compileRule(file, p string, raw *rawRule, probs *strictyaml.Problems) *Rule {
	start := len(probs.Items)
	r := &Rule{
		ID: raw.ID, Description: raw.Description, File: file, Pos: raw.Pos, Priority: raw.Priority,
		Recommend: raw.Recommend, Exclude: raw.Exclude, Interim: raw.Interim, Criteria: raw.Criteria,
		AlsoConsider: raw.AlsoConsider, Obligations: raw.Obligations, Note: raw.Note, Type: map[string]string{},
	}
	if raw.ID != "" {
		if !soc.ValidID(raw.ID) {
			probs.Add(raw.KeyPos["id"], "%s: id must be lower-case letters, digits and dashes", p)
		}
	}
	if pos, given := raw.KeyPos["sources"]; given && len(raw.Sources) == 0 {
		probs.Add(pos, "%s: sources must cite at least one source id of %s", p, SourcesFile)
	}
	r.Sources = rs.Sources.CheckCitations(probs, p, raw.Sources)
	checkIDs(probs, raw.KeyPos["recommend"], p, "recommend", raw.Recommend, soc.Reports)
	checkIDs(probs, raw.KeyPos["exclude"], p, "exclude", raw.Exclude, soc.Reports)
	checkIDs(probs, raw.KeyPos["interim"], p, "interim", raw.Interim, typedReports())
	checkIDs(probs, raw.KeyPos["criteria"], p, "criteria", raw.Criteria, soc.Criteria)
	checkIDs(probs, raw.KeyPos["also_consider"], p, "also_consider", raw.AlsoConsider, entryIDs(rs.Catalog.AlsoConsider))
	checkIDs(probs, raw.KeyPos["obligations"], p, "obligations", raw.Obligations, entryIDs(rs.Catalog.Obligations))
	if w := raw.Warning; w != nil {
		if !slices.Contains(RuleWarningCodes, w.Code) {
			probs.Add(w.KeyPos["code"], "%s: warning: code %s is not one a rule may give (want %s)%s", p, strictyaml.Quote(w.Code),
				prose.JoinList(RuleWarningCodes, "or"), prose.Suggest(w.Code, RuleWarningCodes))
		}
		keys := rs.Questions.Keys()
		if len(w.Answers) == 0 {
			probs.Add(w.KeyPos["answers"], "%s: warning: answers must name the answers to check", p)
		}
		checkIDs(probs, w.KeyPos["answers"], p, "warning: answers", w.Answers, keys)
		r.Warning = &Warning{Code: w.Code, Answers: w.Answers}
	}
	if raw.Type != nil {
		for report, typ := range map[string]string{soc.SOC1: raw.Type.SOC1, soc.SOC2: raw.Type.SOC2, soc.SOC3: raw.Type.SOC3} {
			if _, set := raw.Type.KeyPos[report]; !set {
				continue
			}
			if !soc.HasType(report) {
				probs.Add(raw.Type.KeyPos[report], "%s: type.%s: a %s has no type (it covers the period of the SOC 2 Type II it is issued from); only %s have one",
					p, report, rs.Catalog.Name(report), prose.JoinList(typedReports(), "and"))
				continue
			}
			if !slices.Contains(soc.Types, typ) {
				probs.Add(raw.Type.KeyPos[report], "%s: type.%s: %s is not a report type (want %s)", p, report, strictyaml.Quote(typ), prose.JoinList(soc.Types, "or"))
				continue
			}
			r.Type[report] = typ
		}
		if len(r.Type) == 0 && len(raw.Type.KeyPos) == 0 {
			probs.Add(raw.KeyPos["type"], "%s: type names no report (e.g. type: {soc2: type2})", p)
		}
	}
	// An outcome other than next steps needs a reason; next steps speak
	// for themselves.
	needsReason := r.decidesReports() || raw.Type != nil && len(raw.Type.KeyPos) > 0 || len(r.Interim) > 0 || len(r.Criteria) > 0 ||
		len(r.AlsoConsider) > 0 || len(r.Obligations) > 0 || r.Warning != nil || r.Note
	switch {
	case !needsReason && len(raw.NextSteps) == 0:
		probs.Add(raw.Pos, "%s: no outcome (want recommend, exclude, type, interim, criteria, also_consider, obligations, warning, note or next_steps)", p)
	case needsReason && raw.Reason == nil:
		probs.Add(raw.Pos, "%s: missing reason: say why, as a sentence about the answers", p)
	}
	if raw.When != nil {
		r.whenPos, r.whenComment = strictyaml.PosOf(raw.When), whenComment(raw.When)
		c, cp := rs.Questions.Compile(raw.When, true)
		addProblems(probs, p+": when", cp)
		if c != nil {
			r.when, r.When, r.Reads = c.Program, raw.When.Value, c.Reads
			refuseLater(probs, r, raw.When, p+": when", c.Reads)
		}
	}
	if raw.Reason != nil {
		t, tp := rs.compileTemplate(raw.Reason)
		addProblems(probs, p+": reason", tp)
		if t != nil {
			refuseLater(probs, r, raw.Reason, p+": reason", t.reads)
		}
		r.Reason = t
	}
	for _, n := range raw.NextSteps {
		t, tp := rs.compileTemplate(n)
		addProblems(probs, p+": next_steps", tp)
		if t != nil {
			refuseLater(probs, r, n, p+": next_steps", t.reads)
		}
		r.NextSteps = append(r.NextSteps, t)
	}
	if len(probs.Items) > start {
		return nil
	}
	return r
}

// refuseLater refuses, in a rule that recommends or excludes reports, a
// read of what is known only once those rules have run: the reports and
// the plan's variables.
func refuseLater(probs *strictyaml.Problems, r *Rule, n *yaml.Node, what string, reads []string) {
	if !r.decidesReports() {
		return
	}
	if i := slices.IndexFunc(reads, questionnaire.LaterVar); i >= 0 {
		probs.Add(strictyaml.PosOf(n), "%s: a rule that recommends or excludes reports cannot read %q (it is known only once those rules have run)", what, reads[i])
	}
}

// typedReports are the reports that come in types (soc.HasType).
func typedReports() []string { return reportsWhere(soc.HasType) }

// reportsWhere are the reports of which has holds, in soc.Reports order.
func reportsWhere(has func(report string) bool) []string {
	var out []string
	for _, r := range soc.Reports {
		if has(r) {
			out = append(out, r)
		}
	}
	return out
}

func addProblems(probs *strictyaml.Problems, prefix string, ps []strictyaml.Problem) {
	for _, p := range ps {
		probs.Add(p.Pos, "%s: %s", prefix, p.Msg)
	}
}

func checkIDs(probs *strictyaml.Problems, pos strictyaml.Pos, p, field string, ids, valid []string) {
	for _, id := range ids {
		if len(valid) == 0 {
			probs.Add(pos, "%s: %s: %s is not known (the ruleset lists none)", p, field, strictyaml.Quote(id))
			continue
		}
		if !slices.Contains(valid, id) {
			probs.Add(pos, "%s: %s: %s is not known (want one of %s)%s", p, field, strictyaml.Quote(id), strings.Join(valid, ", "), prose.Suggest(id, valid))
		}
	}
}
