package engine

import (
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/internal/strictyaml"
)

// CatalogFile is the report catalog's name inside a ruleset.
const CatalogFile = "catalog.yaml"

// Catalog names the reports, types, criteria and also-consider items, and
// holds the cost and time estimates with their sources.
type Catalog struct {
	APIVersion   string      `yaml:"apiVersion,required"`
	Kind         string      `yaml:"kind,required"`
	Reports      []Entry     `yaml:"reports,required"`
	Types        []Entry     `yaml:"types,required"`
	Criteria     []Entry     `yaml:"criteria,required"`
	AlsoConsider []Entry     `yaml:"also_consider,required"`
	Estimates    []*Estimate `yaml:"estimates,required"`
	KeyPos       map[string]strictyaml.Pos
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

// Estimate is the rough cost and time of one report and type.
type Estimate struct {
	Report  string         `strict:"report,required" yaml:"report" json:"report"`
	Type    string         `strict:"type,required" yaml:"type" json:"type"`
	CostUSD Range          `strict:"cost_usd,required" yaml:"cost_usd" json:"cost_usd"`
	Months  Range          `strict:"months,required" yaml:"months" json:"months"`
	Source  string         `strict:"source,required" yaml:"source" json:"source"`
	Pos     strictyaml.Pos `yaml:"-" json:"-"`
}

func catalogFromNode(root *yaml.Node) (*Catalog, error) {
	probs := &strictyaml.Problems{File: CatalogFile}
	c := &Catalog{}
	strictyaml.Decode(root, c, "", probs)
	strictyaml.CheckHeader(root, "socpick/v1", "Catalog", probs)
	checkExactly(probs, c.KeyPos["reports"], "reports", c.Reports, soc.Reports)
	checkExactly(probs, c.KeyPos["types"], "types", c.Types, soc.Types)
	checkExactly(probs, c.KeyPos["criteria"], "criteria", c.Criteria, soc.Criteria)
	seen := map[string]bool{}
	for _, e := range c.AlsoConsider {
		if seen[e.ID] || !validID(e.ID) {
			probs.Add(e.Pos, "also_consider: %q is a duplicate or not an id of lower-case letters, digits and dashes", e.ID)
		}
		seen[e.ID] = true
	}
	for _, e := range c.Estimates {
		if !slices.Contains(soc.Reports, e.Report) || !slices.Contains(soc.Types, e.Type) {
			probs.Add(e.Pos, "estimates: %s %s is not a report and type (want soc1, soc2 or soc3; type1 or type2)", e.Report, e.Type)
		}
		if e.CostUSD.Low > e.CostUSD.High || e.Months.Low > e.Months.High || e.CostUSD.Low < 0 || e.Months.Low < 0 {
			probs.Add(e.Pos, "estimates: %s %s: ranges must be low <= high, not negative", e.Report, e.Type)
		}
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// checkExactly checks that a catalog list names exactly the contract ids.
func checkExactly(probs *strictyaml.Problems, pos strictyaml.Pos, field string, got []Entry, want []string) {
	var ids []string
	for _, e := range got {
		ids = append(ids, e.ID)
	}
	if !slices.Equal(ids, want) {
		probs.Add(pos, "%s: must list exactly %v in that order (got %v)", field, want, ids)
	}
}

func (c *Catalog) considerIDs() []string {
	ids := make([]string, len(c.AlsoConsider))
	for i, e := range c.AlsoConsider {
		ids[i] = e.ID
	}
	return ids
}

// Name returns the display name of an id of the catalog ("soc2" -> "SOC 2"),
// or the id itself.
func (c *Catalog) Name(id string) string {
	for _, list := range [][]Entry{c.Reports, c.Types, c.Criteria, c.AlsoConsider} {
		for _, e := range list {
			if e.ID == id {
				return e.Name
			}
		}
	}
	return id
}

// estimate returns the estimate for a report and type, or nil.
func (c *Catalog) estimate(report, typ string) *Estimate {
	for _, e := range c.Estimates {
		if e.Report == report && e.Type == typ {
			return e
		}
	}
	return nil
}
