// Package ruletest reads and runs rule test cases: YAML files of answers
// and the recommendation a ruleset must make for them, as `opa test` does
// for policies. A compliance engineer who adds a rule adds a case beside
// it, and `socpick rules test` says whether the ruleset still decides as
// intended, and which rules no case exercises.
package ruletest

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/internal/strictyaml"
)

// Glob matches the test files of a ruleset directory.
const Glob = "*.test.yaml"

// Kind is the kind of a test file.
const Kind = "RuleTests"

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
}

// Expectation is what a case checks; what is left out is not checked.
type Expectation struct {
	// Reports, when set, are exactly the recommended reports, in report
	// order. A report's Criteria are checked when given; Interim when
	// given ("type1", or "none" for no interim step).
	Reports *[]ExpectedReport
	// AlsoConsider, when set, are exactly the also-consider ids.
	AlsoConsider *[]string
	// Fired must all fire; NotFired must not.
	Fired, NotFired []string
}

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
	Tests      []*yaml.Node `yaml:"tests,required"`
}

type caseDoc struct {
	Name    string     `yaml:"name,required"`
	Answers *yaml.Node `yaml:"answers"`
	Expect  *struct {
		Reports *[]struct {
			Report   string    `yaml:"report,required"`
			Type     string    `yaml:"type,required"`
			Criteria *[]string `yaml:"criteria"`
			Interim  string    `yaml:"interim"`
			Pos      strictyaml.Pos
			KeyPos   map[string]strictyaml.Pos
		} `yaml:"reports"`
		AlsoConsider *[]string `yaml:"also_consider"`
		Fired        []string  `yaml:"fired"`
		NotFired     []string  `yaml:"not_fired"`
		KeyPos       map[string]strictyaml.Pos
	} `yaml:"expect,required"`
	Pos    strictyaml.Pos
	KeyPos map[string]strictyaml.Pos
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
		data, err := fs.ReadFile(fsys, name)
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
		return nil, joinErrors(errs)
	}
	return suites, nil
}

type multiError []error

func (m multiError) Error() string {
	s := make([]string, len(m))
	for i, e := range m {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

func (m multiError) Unwrap() []error { return m }

func joinErrors(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	return multiError(errs)
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
	strictyaml.CheckHeader(root, profile.APIVersion, Kind, probs)
	qs := rs.Questions
	defaults := questionnaire.Answers{}
	if doc.Defaults != nil {
		profile.ReadAnswers(doc.Defaults, "defaults", qs, defaults, map[string]strictyaml.Pos{}, probs)
	}
	ruleIDs := make([]string, len(rs.Rules))
	for i, r := range rs.Rules {
		ruleIDs[i] = r.ID
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
			probs.Add(cd.Pos, "%s: %q leaves %s unanswered (answer them here or in defaults)", p, cd.Name, strings.Join(keys, ", "))
		}
		if e := cd.Expect; e != nil {
			checkIDs(probs, e.KeyPos["fired"], p+".expect.fired", e.Fired, ruleIDs, "rule id")
			checkIDs(probs, e.KeyPos["not_fired"], p+".expect.not_fired", e.NotFired, ruleIDs, "rule id")
			c.Expect.Fired, c.Expect.NotFired = e.Fired, e.NotFired
			if e.AlsoConsider != nil {
				checkIDs(probs, e.KeyPos["also_consider"], p+".expect.also_consider", *e.AlsoConsider, considerIDs(rs), "also-consider id")
				ids := slices.Clone(*e.AlsoConsider)
				c.Expect.AlsoConsider = &ids
			}
			if e.Reports != nil {
				reports := []ExpectedReport{}
				for j, r := range *e.Reports {
					rp := fmt.Sprintf("%s.expect.reports[%d]", p, j)
					checkIDs(probs, r.KeyPos["report"], rp+".report", []string{r.Report}, soc.Reports, "report")
					checkIDs(probs, r.KeyPos["type"], rp+".type", []string{r.Type}, soc.Types, "report type")
					er := ExpectedReport{Report: r.Report, Type: r.Type, Interim: r.Interim}
					if r.Interim != "" {
						checkIDs(probs, r.KeyPos["interim"], rp+".interim", []string{r.Interim}, []string{"type1", "none"}, "interim")
					}
					if r.Criteria != nil {
						checkIDs(probs, r.KeyPos["criteria"], rp+".criteria", *r.Criteria, soc.Criteria, "criterion")
						crit := slices.Clone(*r.Criteria)
						soc.SortBy(crit, soc.Criteria)
						er.Criteria = &crit
					}
					reports = append(reports, er)
				}
				slices.SortStableFunc(reports, func(a, b ExpectedReport) int {
					return slices.Index(soc.Reports, a.Report) - slices.Index(soc.Reports, b.Report)
				})
				c.Expect.Reports = &reports
			}
		}
		s.Cases = append(s.Cases, c)
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

func considerIDs(rs *engine.Ruleset) []string {
	ids := make([]string, len(rs.Catalog.AlsoConsider))
	for i, e := range rs.Catalog.AlsoConsider {
		ids[i] = e.ID
	}
	return ids
}

func checkIDs(probs *strictyaml.Problems, pos strictyaml.Pos, p string, ids, valid []string, what string) {
	for _, id := range ids {
		if !slices.Contains(valid, id) {
			probs.Add(pos, "%s: %q is not a known %s%s", p, id, what, strictyaml.Suggest(id, valid))
		}
	}
}
