// Package ruletest reads and runs rule test cases: YAML files of answers
// and the recommendation a ruleset must make for them, as `opa test` does
// for policies. A compliance engineer who adds a rule adds a case beside
// it, and `socpick rules test` says whether the ruleset still decides as
// intended, and which rules no case exercises.
package ruletest

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/internal/strictyaml"
)

// Glob matches the test files of a ruleset directory.
const Glob = "*.test.yaml"

// Suite is one test file.
type Suite struct {
	File  string
	Cases []*Case
}

// Case is one test case: answers, and what the ruleset must make of them.
type Case struct {
	Name string
	Pos  strictyaml.Pos
	// Answers are the file's defaults with the case's answers over them.
	Answers questionnaire.Answers
	Expect  Expectation
	// Situation is the day the case is evaluated for (the file's as_of,
	// the case's over it; today without either) and the reports held.
	Situation engine.Situation
	// Dated is true when the file or the case gives as_of: its plan
	// does not move with the calendar.
	Dated bool
	// Sources are the ids of the sources the case's decision rests on,
	// in the ruleset's sources file: a reviewer reads them to check the
	// expectation, not only the rules.
	Sources []string
}

// Expectation is what a case checks; what is left out is not checked.
type Expectation struct {
	// Reports, when set, are exactly the recommended reports, in report
	// order. A report's Criteria are checked when given; Interim when
	// given ("type1", or "none" for no interim step).
	Reports *[]ExpectedReport
	// AlsoConsider, Obligations and Warnings, when set, are exactly the
	// also-consider ids, the obligation ids and the warning codes.
	AlsoConsider, Obligations, Warnings *[]string
	// Fired must all fire; NotFired must not.
	Fired, NotFired []string
	// Deadline, when set, is the plan's verdict: "met", "unmet", or
	// "none" for no deadline.
	Deadline string
	// Milestones must each match a milestone of the plan in every key
	// given.
	Milestones []ExpectedMilestone
}

// ExpectedMilestone is a milestone a case expects; empty keys match any.
type ExpectedMilestone struct {
	ID, Report, Type, Start, End, Date string
}

// DeadlineVerdicts are the values of a case's expect.deadline: a plan's
// deadline met or unmet, or no deadline.
var DeadlineVerdicts = []string{"met", "unmet", "none"}

// InterimValues are the values of an expected report's interim: a Type I
// first, or no interim step.
var InterimValues = []string{soc.Type1, "none"}

// ExpectedReport is one expected report.
type ExpectedReport struct {
	Report, Type string
	Criteria     *[]string
	Interim      string
}

type fileDoc struct {
	APIVersion string       `yaml:"apiVersion,required"`
	Kind       string       `yaml:"kind,required"`
	Defaults   *yaml.Node   `yaml:"defaults"`
	AsOf       *yaml.Node   `yaml:"as_of"`
	Tests      []*yaml.Node `yaml:"tests,required"`
}

type caseDoc struct {
	Name    string       `yaml:"name,required"`
	Answers *yaml.Node   `yaml:"answers"`
	AsOf    *yaml.Node   `yaml:"as_of"`
	Held    []*yaml.Node `yaml:"held"`
	Sources []*yaml.Node `yaml:"sources"`
	Expect  *expectDoc   `yaml:"expect,required"`
	Pos     strictyaml.Pos
	KeyPos  map[string]strictyaml.Pos
}

// expectDoc keeps lists as nodes, so that each id is checked at its own
// position and a key with no value is told apart from an absent one.
type expectDoc struct {
	Reports      *yaml.Node   `yaml:"reports"`
	AlsoConsider *yaml.Node   `yaml:"also_consider"`
	Obligations  *yaml.Node   `yaml:"obligations"`
	Warnings     *yaml.Node   `yaml:"warnings"`
	Deadline     string       `yaml:"deadline"`
	Milestones   []*yaml.Node `yaml:"milestones"`
	Fired        *yaml.Node   `yaml:"fired"`
	NotFired     *yaml.Node   `yaml:"not_fired"`
	Pos          strictyaml.Pos
	KeyPos       map[string]strictyaml.Pos
}

type milestoneDoc struct {
	ID     string     `yaml:"id,required"`
	Report string     `yaml:"report"`
	Type   string     `yaml:"type"`
	Start  *yaml.Node `yaml:"start"`
	End    *yaml.Node `yaml:"end"`
	Date   *yaml.Node `yaml:"date"`
	KeyPos map[string]strictyaml.Pos
}

type reportDoc struct {
	Report   string     `yaml:"report,required"`
	Type     string     `yaml:"type"`
	Criteria *yaml.Node `yaml:"criteria"`
	Interim  string     `yaml:"interim"`
	KeyPos   map[string]strictyaml.Pos
}

// Load reads every test file matching Glob in fsys; names are given to
// files as dir/name in messages. A ruleset directory without test files
// gives no suites.
func Load(fsys fs.FS, dir string, rs *engine.Ruleset) ([]*Suite, error) {
	names, err := fs.Glob(fsys, Glob)
	if err != nil {
		return nil, err
	}
	var suites []*Suite
	var errs []error
	for _, name := range names {
		// A test file is read as a rule file is: regular files only,
		// through the size limit (a named pipe must not hang rules test).
		data, err := strictyaml.ReadFile(fsys, name)
		if probs, ok := err.(*strictyaml.Problems); ok {
			probs.File = path.Join(dir, name)
			errs = append(errs, probs)
			continue
		}
		if err != nil {
			return nil, err
		}
		s, err := Parse(path.Join(dir, name), data, rs)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		suites = append(suites, s)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return suites, nil
}

// Parse reads one test file. Errors are *strictyaml.Problems with every
// problem of the file, each at its position: unknown keys, answers the
// questions do not allow, ids the ruleset does not know, and cases whose
// answers leave questions unanswered.
func Parse(file string, data []byte, rs *engine.Ruleset) (*Suite, error) {
	root, err := strictyaml.Parse(file, data)
	if err != nil {
		return nil, err
	}
	probs := &strictyaml.Problems{File: file}
	var doc fileDoc
	strictyaml.Decode(root, &doc, "", probs)
	strictyaml.CheckHeader(root, soc.APIVersion, soc.KindRuleTests, probs)
	qs := rs.Questions
	defaults := questionnaire.Answers{}
	if doc.Defaults != nil {
		profile.ReadAnswers(doc.Defaults, "defaults", qs, defaults, map[string]strictyaml.Pos{}, probs)
	}
	ruleIDs := rs.RuleIDs()
	asOf := calendar.Today()
	if doc.AsOf != nil {
		if d, ok := profile.ReadDate(doc.AsOf, "as_of", probs); ok {
			asOf = d
		}
	}
	s := &Suite{File: file}
	names := map[string]int{}
	for i, n := range doc.Tests {
		p := fmt.Sprintf("tests[%d]", i)
		var cd caseDoc
		strictyaml.Decode(n, &cd, p, probs)
		if n.Kind != yaml.MappingNode {
			continue
		}
		c := &Case{Name: cd.Name, Pos: cd.Pos, Answers: defaults.Clone()}
		if prev, dup := names[cd.Name]; dup && cd.Name != "" {
			probs.Add(cd.KeyPos["name"], "%s: a second case named %q (first at line %d)", p, cd.Name, prev)
		}
		names[cd.Name] = cd.Pos.Line
		before := len(probs.Items)
		if cd.Answers != nil {
			profile.ReadAnswers(cd.Answers, p+".answers", qs, c.Answers, map[string]strictyaml.Pos{}, probs)
		}
		if missing := qs.Missing(c.Answers); len(missing) > 0 && len(probs.Items) == before {
			keys := make([]string, len(missing))
			for i, q := range missing {
				keys[i] = q.Key
			}
			what := "it"
			if len(keys) > 1 {
				what = "them"
			}
			probs.Add(cd.Pos, "%s: %q leaves %s unanswered (answer %s here or in defaults)", p, cd.Name, strings.Join(keys, ", "), what)
		}
		c.Sources = rs.Sources.CheckCitations(probs, p, cd.Sources)
		c.Situation.AsOf = asOf
		c.Dated = doc.AsOf != nil || cd.AsOf != nil
		if cd.AsOf != nil {
			if d, ok := profile.ReadDate(cd.AsOf, p+".as_of", probs); ok {
				c.Situation.AsOf = d
			}
		}
		c.Situation.Held = profile.EngineHeld(profile.ReadHeld(cd.Held, p+".held", probs))
		if e := cd.Expect; e != nil {
			c.Expect = readExpect(e, p+".expect", rs, ruleIDs, probs)
		}
		s.Cases = append(s.Cases, c)
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// readExpect reads what a case checks; at least one thing.
func readExpect(e *expectDoc, p string, rs *engine.Ruleset, ruleIDs []string, probs *strictyaml.Problems) Expectation {
	var x Expectation
	if e.Reports == nil && e.AlsoConsider == nil && e.Obligations == nil && e.Warnings == nil && e.Fired == nil && e.NotFired == nil &&
		e.Deadline == "" && e.Milestones == nil {
		probs.Add(e.Pos, "%s checks nothing: give reports (reports: [] for none), also_consider, obligations, warnings, deadline, milestones, fired or not_fired", p)
		return x
	}
	if e.Deadline != "" {
		checkKey(probs, e.KeyPos, p, "deadline", e.Deadline, DeadlineVerdicts, "deadline verdict (want met, unmet or none)")
		x.Deadline = e.Deadline
	}
	for j, n := range e.Milestones {
		mp := fmt.Sprintf("%s.milestones[%d]", p, j)
		var md milestoneDoc
		strictyaml.Decode(n, &md, mp, probs)
		if n.Kind != yaml.MappingNode {
			continue
		}
		checkKey(probs, md.KeyPos, mp, "id", md.ID, engine.MilestoneIDs, "milestone id")
		if md.Report != "" {
			checkKey(probs, md.KeyPos, mp, "report", md.Report, soc.Reports, "report")
		}
		if md.Type != "" {
			checkKey(probs, md.KeyPos, mp, "type", md.Type, soc.Types, "report type")
		}
		if md.Date != nil && (md.Start != nil || md.End != nil) {
			probs.Add(md.KeyPos["date"], "%s: give a day (date) or a span (start, end), not both: a milestone is one or the other", mp)
		}
		em := ExpectedMilestone{ID: md.ID, Report: md.Report, Type: md.Type}
		for _, f := range []struct {
			node *yaml.Node
			key  string
			into *string
		}{{md.Start, "start", &em.Start}, {md.End, "end", &em.End}, {md.Date, "date", &em.Date}} {
			if f.node != nil {
				if d, ok := profile.ReadDate(f.node, mp+"."+f.key, probs); ok {
					*f.into = calendar.Day(d)
				}
			}
		}
		x.Milestones = append(x.Milestones, em)
	}
	x.Fired, _ = idList(e.Fired, p+".fired", ruleIDs, "rule id", probs)
	x.NotFired, _ = idList(e.NotFired, p+".not_fired", ruleIDs, "rule id", probs)
	if ids, ok := idList(e.AlsoConsider, p+".also_consider", rs.Catalog.AlsoConsiderIDs(), "also-consider id", probs); ok {
		x.AlsoConsider = &ids
	}
	if ids, ok := idList(e.Obligations, p+".obligations", rs.Catalog.ObligationIDs(), "obligation id", probs); ok {
		x.Obligations = &ids
	}
	if ids, ok := idList(e.Warnings, p+".warnings", engine.WarningCodes, "warning code", probs); ok {
		x.Warnings = &ids
	}
	if e.Reports == nil {
		return x
	}
	if !isList(e.Reports, p+".reports", probs) {
		return x
	}
	reports := []ExpectedReport{}
	for j, n := range e.Reports.Content {
		rp := fmt.Sprintf("%s.reports[%d]", p, j)
		var rd reportDoc
		strictyaml.Decode(n, &rd, rp, probs)
		if n.Kind != yaml.MappingNode {
			continue
		}
		checkKey(probs, rd.KeyPos, rp, "report", rd.Report, soc.Reports, "report")
		switch _, given := rd.KeyPos["type"]; {
		case given && slices.Contains(soc.Reports, rd.Report) && !soc.HasType(rd.Report):
			probs.Add(rd.KeyPos["type"], "%s.type: a %s has no type; leave type out", rp, rs.Catalog.Name(rd.Report))
		case given:
			checkKey(probs, rd.KeyPos, rp, "type", rd.Type, soc.Types, "report type")
		case soc.HasType(rd.Report):
			probs.Add(strictyaml.PosOf(n), "%s: missing key type (want %s)", rp, prose.JoinList(soc.Types, "or"))
		}
		if rd.Interim != "" {
			checkKey(probs, rd.KeyPos, rp, "interim", rd.Interim, InterimValues, "interim (want type1, or none)")
		}
		if slices.ContainsFunc(reports, func(r ExpectedReport) bool { return r.Report == rd.Report }) {
			probs.Add(rd.KeyPos["report"], "%s.report: %s is expected twice", rp, rd.Report)
		}
		er := ExpectedReport{Report: rd.Report, Type: rd.Type, Interim: rd.Interim}
		if crit, ok := idList(rd.Criteria, rp+".criteria", soc.Criteria, "criterion", probs); ok {
			soc.SortBy(crit, soc.Criteria)
			er.Criteria = &crit
		}
		reports = append(reports, er)
	}
	slices.SortStableFunc(reports, func(a, b ExpectedReport) int {
		return slices.Index(soc.Reports, a.Report) - slices.Index(soc.Reports, b.Report)
	})
	x.Reports = &reports
	return x
}

// isList reports whether n is a list, recording a problem if not; a key
// with no value gets the hint to write [] for an empty list.
func isList(n *yaml.Node, p string, probs *strictyaml.Problems) bool {
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		probs.Add(strictyaml.PosOf(n), "%s: no value (write [] for none)", p)
		return false
	case n.Kind != yaml.SequenceNode:
		probs.Add(strictyaml.PosOf(n), "%s: expected a list, got %s", p, strictyaml.Describe(n))
		return false
	}
	return true
}

// idList reads an optional list of ids, each checked at its own position
// and listed once; ok is false when the key is absent or unusable.
func idList(n *yaml.Node, p string, valid []string, what string, probs *strictyaml.Problems) (ids []string, ok bool) {
	if n == nil || !isList(n, p, probs) {
		return nil, false
	}
	ids = []string{}
	for i, it := range n.Content {
		ip := fmt.Sprintf("%s[%d]", p, i)
		if it.Kind != yaml.ScalarNode || it.Tag != "!!str" {
			probs.Add(strictyaml.PosOf(it), "%s: expected an id, got %s", ip, strictyaml.Describe(it))
			continue
		}
		if !slices.Contains(valid, it.Value) {
			probs.Add(strictyaml.PosOf(it), "%s: %s is not a known %s%s", ip, strictyaml.Quote(it.Value), what, prose.Suggest(it.Value, valid))
			continue
		}
		if slices.Contains(ids, it.Value) {
			probs.Add(strictyaml.PosOf(it), "%s: %s is listed twice", ip, strictyaml.Quote(it.Value))
			continue
		}
		ids = append(ids, it.Value)
	}
	return ids, true
}

// checkKey checks that value, given at key of the mapping at path (whose
// keys are at keyPos), is one of valid; what names it in the message.
func checkKey(probs *strictyaml.Problems, keyPos map[string]strictyaml.Pos, path, key, value string, valid []string, what string) {
	if !slices.Contains(valid, value) {
		probs.Add(keyPos[key], "%s.%s: %s is not a known %s%s", path, key, strictyaml.Quote(value), what, prose.Suggest(value, valid))
	}
}
