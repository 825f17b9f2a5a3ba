package engine

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/internal/strictyaml"
)

// CatalogFile is the report catalog's name inside a ruleset.
const CatalogFile = "catalog.yaml"

// Catalog names the reports, types, criteria and also-consider items, holds
// the cost and time estimates with their sources, and the two settings that
// complete the rules: which type wins a tie, and the criteria a report must
// include.
type Catalog struct {
	APIVersion   string  `yaml:"apiVersion,required"`
	Kind         string  `yaml:"kind,required"`
	Reports      []Entry `yaml:"reports,required"`
	Types        []Entry `yaml:"types,required"`
	Criteria     []Entry `yaml:"criteria,required"`
	AlsoConsider []Entry `yaml:"also_consider,required"`
	// Obligations are what may apply to a vendor by law or contract
	// (PCI DSS, HIPAA): rules name them apart from what to consider.
	Obligations []Entry     `yaml:"obligations"`
	Estimates   []*Estimate `yaml:"estimates,required"`
	// TypePreference lists every report type once, the one that wins a
	// tie first: when fired rules of the same, highest priority set a
	// report's type differently, the type listed first is the report's.
	// Given and empty, such a tie is an error of the ruleset. Absent, it
	// is DefaultTypePreference.
	TypePreference []string `yaml:"type_preference"`
	// RequiredCriteria names, per report, the criteria it must include:
	// a decision that recommends the report without one of them is an
	// error of the ruleset. Only reports examined against the criteria
	// (soc.HasCriteria) may have any. Absent, it is
	// DefaultRequiredCriteria; {} requires none.
	RequiredCriteria *ReportCriteria `yaml:"required_criteria"`
	// Plan holds the durations dated plans are made of; without it,
	// advice has no plan and the plan's variables read 0.
	Plan   *PlanSettings `yaml:"plan"`
	KeyPos map[string]strictyaml.Pos

	// index holds what evaluation looks up, made once at load.
	index catalogIndex
}

// The ruleset format's defaults for the two catalog keys added after the
// first version: what the engine did before they existed, so that a
// ruleset exported then decides as it did. The default catalog states
// both.
var (
	DefaultTypePreference   = []string{soc.Type2, soc.Type1}
	DefaultRequiredCriteria = ReportCriteria{SOC2: []string{soc.Security}, SOC3: []string{soc.Security}}
)

// ReportCriteria lists criteria ids per report id.
type ReportCriteria struct {
	SOC1   []string `yaml:"soc1"`
	SOC2   []string `yaml:"soc2"`
	SOC3   []string `yaml:"soc3"`
	KeyPos map[string]strictyaml.Pos
}

// of returns the criteria listed for a report.
func (rc *ReportCriteria) of(report string) []string {
	if rc == nil {
		return nil
	}
	switch report {
	case soc.SOC1:
		return rc.SOC1
	case soc.SOC2:
		return rc.SOC2
	case soc.SOC3:
		return rc.SOC3
	}
	return nil
}

// Entry is a named id of the catalog.
type Entry struct {
	ID          string `yaml:"id,required"`
	Name        string `yaml:"name,required"`
	Description string `yaml:"description"`
	Pos         strictyaml.Pos
}

// Range is a low-high range.
type Range struct {
	Low  int `strict:"low,required" yaml:"low" json:"low"`
	High int `strict:"high,required" yaml:"high" json:"high"`
}

// Estimate is the rough cost and time of one report and type, with the
// sources of its ranges.
type Estimate struct {
	Report  string `strict:"report,required" yaml:"report" json:"report"`
	Type    string `strict:"type,required" yaml:"type" json:"type"`
	CostUSD Range  `strict:"cost_usd,required" yaml:"cost_usd" json:"cost_usd"`
	Months  Range  `strict:"months,required" yaml:"months" json:"months"`
	// Source names the sources in words ("Linford & Co., LLP; Strac"),
	// made at load from Sources.
	Source  string   `strict:"-" yaml:"source" json:"source"`
	Sources []string `strict:"-" yaml:"sources" json:"sources"`
	// Grade is the weakest grade of the sources (soc.Grades).
	Grade string `strict:"-" yaml:"grade" json:"grade"`
	// Cited are the sources as written, checked at load into Sources.
	Cited []*yaml.Node   `strict:"sources,required" yaml:"-" json:"-"`
	Pos   strictyaml.Pos `yaml:"-" json:"-"`
}

// catalogIndex is the catalog as evaluation reads it: lookups by id
// instead of walks over the lists, made once when the catalog loads.
type catalogIndex struct {
	names map[string]string
	// considerRank is an also-consider id's position in the catalog,
	// which is the order a decision lists them in; obligationRank the
	// same for obligations.
	considerRank, obligationRank map[string]int
	// estimates are by report and type, each by its index in soc.Reports
	// and soc.Types; the first of the catalog's estimates for a pair.
	estimates [][]*Estimate
	// typeRank is a type's position in TypePreference; nil without it.
	typeRank map[string]int
	// required is RequiredCriteria as a bit set over soc.Criteria, by
	// report index (soc.Reports).
	required []uint
}

func catalogFromNode(root *yaml.Node, sources *Sources) (*Catalog, error) {
	probs := &strictyaml.Problems{File: CatalogFile}
	c := &Catalog{}
	strictyaml.Decode(root, c, "", probs)
	strictyaml.CheckHeader(root, soc.APIVersion, soc.KindCatalog, probs)
	checkExactly(probs, c.KeyPos["reports"], "reports", c.Reports, soc.Reports)
	checkExactly(probs, c.KeyPos["types"], "types", c.Types, soc.Types)
	checkExactly(probs, c.KeyPos["criteria"], "criteria", c.Criteria, soc.Criteria)
	for field, list := range map[string][]Entry{"also_consider": c.AlsoConsider, "obligations": c.Obligations} {
		seen := map[string]bool{}
		for _, e := range list {
			if seen[e.ID] || !soc.ValidID(e.ID) {
				probs.Add(e.Pos, "%s: %s is a duplicate or not an id of lower-case letters, digits and dashes", field, strictyaml.Quote(e.ID))
			}
			seen[e.ID] = true
		}
	}
	for _, e := range c.Estimates {
		if e == nil {
			continue
		}
		e.Sources = sources.CheckCitations(probs, "estimates: "+e.Report+" "+e.Type, e.Cited)
		e.Grade = sources.weakest(e.Sources)
		names := make([]string, 0, len(e.Sources))
		for _, id := range e.Sources {
			if pub := sources.Lookup(id).Publisher; !slices.Contains(names, pub) {
				names = append(names, pub)
			}
		}
		e.Source = strings.Join(names, "; ")
		if !slices.Contains(soc.Reports, e.Report) || !slices.Contains(soc.Types, e.Type) {
			probs.Add(e.Pos, "estimates: %s %s is not a report and type (want %s; %s)", e.Report, e.Type,
				prose.JoinList(soc.Reports, "or"), prose.JoinList(soc.Types, "or"))
		}
		if e.CostUSD.Low > e.CostUSD.High || e.Months.Low > e.Months.High || e.CostUSD.Low < 0 || e.Months.Low < 0 {
			probs.Add(e.Pos, "estimates: %s %s: ranges must be low <= high, not negative", e.Report, e.Type)
		}
	}
	c.checkTypePreference(probs)
	c.checkRequiredCriteria(probs)
	c.checkPlan(probs, sources)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	if _, given := c.KeyPos["type_preference"]; !given {
		c.TypePreference = DefaultTypePreference
	}
	if _, given := c.KeyPos["required_criteria"]; !given {
		rc := DefaultRequiredCriteria
		c.RequiredCriteria = &rc
	}
	c.index = c.makeIndex()
	return c, nil
}

// checkTypePreference checks that type_preference, when given, lists every
// report type once.
func (c *Catalog) checkTypePreference(probs *strictyaml.Problems) {
	pos, given := c.KeyPos["type_preference"]
	if !given || len(c.TypePreference) == 0 {
		return
	}
	for _, t := range c.TypePreference {
		if !slices.Contains(soc.Types, t) {
			probs.Add(pos, "type_preference: %s is not a report type (want %s)%s", strictyaml.Quote(t), prose.JoinList(soc.Types, "or"), prose.Suggest(t, soc.Types))
			return
		}
	}
	sorted := slices.Sorted(slices.Values(c.TypePreference))
	if !slices.Equal(sorted, slices.Sorted(slices.Values(soc.Types))) {
		probs.Add(pos, "type_preference: must list each report type once, the one that wins a tie first (want %s in some order; got [%s])",
			prose.JoinList(soc.Types, "and"), strings.Join(c.TypePreference, ", "))
	}
}

// checkRequiredCriteria checks that required_criteria names criteria, and
// only for the reports examined against them.
func (c *Catalog) checkRequiredCriteria(probs *strictyaml.Problems) {
	rc := c.RequiredCriteria
	if rc == nil {
		return
	}
	for _, report := range soc.Reports {
		pos, given := rc.KeyPos[report]
		if !given {
			continue
		}
		ids := rc.of(report)
		if len(ids) > 0 && !soc.HasCriteria(report) {
			probs.Add(pos, "required_criteria.%s: %s is not examined against the criteria (only %s are)", report,
				report, prose.JoinList(criteriaReports(), "and"))
			continue
		}
		for i, id := range ids {
			switch {
			case !slices.Contains(soc.Criteria, id):
				probs.Add(pos, "required_criteria.%s: %s is not known (want one of %s)%s", report, strictyaml.Quote(id),
					strings.Join(soc.Criteria, ", "), prose.Suggest(id, soc.Criteria))
			case slices.Contains(ids[:i], id):
				probs.Add(pos, "required_criteria.%s: %s is listed twice", report, strictyaml.Quote(id))
			}
		}
	}
}

// criteriaReports are the reports examined against the criteria.
func criteriaReports() []string { return reportsWhere(soc.HasCriteria) }

// checkExactly checks that a catalog list names exactly the ids of package soc.
func checkExactly(probs *strictyaml.Problems, pos strictyaml.Pos, field string, got []Entry, want []string) {
	var ids []string
	for _, e := range got {
		ids = append(ids, e.ID)
	}
	if !slices.Equal(ids, want) {
		probs.Add(pos, "%s: must list exactly %v in that order (got %v)", field, want, ids)
	}
}

func (c *Catalog) makeIndex() catalogIndex {
	x := catalogIndex{
		names:          map[string]string{},
		considerRank:   make(map[string]int, len(c.AlsoConsider)),
		obligationRank: make(map[string]int, len(c.Obligations)),
		estimates:      make([][]*Estimate, len(soc.Reports)),
		required:       make([]uint, len(soc.Reports)),
	}
	// The first entry of an id names it, as a walk over the lists would.
	for _, list := range [][]Entry{c.Reports, c.Types, c.Criteria, c.Obligations, c.AlsoConsider} {
		for _, e := range list {
			if _, dup := x.names[e.ID]; !dup {
				x.names[e.ID] = e.Name
			}
		}
	}
	for i, e := range c.AlsoConsider {
		x.considerRank[e.ID] = i
	}
	for i, e := range c.Obligations {
		x.obligationRank[e.ID] = i
	}
	for i := range x.estimates {
		x.estimates[i] = make([]*Estimate, len(soc.Types))
	}
	for _, e := range c.Estimates {
		ri, ti := slices.Index(soc.Reports, e.Report), slices.Index(soc.Types, e.Type)
		if x.estimates[ri][ti] == nil {
			x.estimates[ri][ti] = e
		}
	}
	if c.TypePreference != nil {
		x.typeRank = make(map[string]int, len(c.TypePreference))
		for i, t := range c.TypePreference {
			x.typeRank[t] = i
		}
	}
	for i, report := range soc.Reports {
		x.required[i] = criteriaBits(c.RequiredCriteria.of(report))
	}
	return x
}

// criteriaBits is a set of criteria ids as bits over soc.Criteria.
func criteriaBits(ids []string) uint { return bitsOver(ids, soc.Criteria) }

// entryIDs lists the ids of catalog entries, in order.
func entryIDs(list []Entry) []string {
	ids := make([]string, len(list))
	for i, e := range list {
		ids[i] = e.ID
	}
	return ids
}

// Name returns the display name of an id of the catalog ("soc2" -> "SOC 2"),
// or the id itself.
func (c *Catalog) Name(id string) string {
	if name, ok := c.index.names[id]; ok {
		return name
	}
	return id
}

// estimate returns the estimate for a report and type, or nil.
func (c *Catalog) estimate(report, typ string) *Estimate {
	ri, ti := slices.Index(soc.Reports, report), slices.Index(soc.Types, typ)
	if ri < 0 || ti < 0 || c.index.estimates == nil {
		return nil
	}
	return c.index.estimates[ri][ti]
}

// PreferredType returns which of two report types wins a tie between
// rules of the same priority, and false when the catalog sets no type
// preference (then such a tie is an error of the ruleset).
func (c *Catalog) PreferredType(a, b string) (string, bool) {
	ra, oka := c.index.typeRank[a]
	rb, okb := c.index.typeRank[b]
	if !oka || !okb {
		return "", false
	}
	if rb < ra {
		return b, true
	}
	return a, true
}
