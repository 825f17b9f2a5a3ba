package engine

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/internal/strictyaml"
)

// SourcesFile is the sources list's name inside a ruleset.
const SourcesFile = "sources.yaml"

// Source is one public source the rules cite: a page a reader can open.
// Its JSON and YAML forms are the entries of an advice's "sources".
type Source struct {
	ID        string `strict:"id,required" yaml:"id" json:"id"`
	Title     string `strict:"title,required" yaml:"title" json:"title"`
	Publisher string `strict:"publisher,required" yaml:"publisher" json:"publisher"`
	// Date is when the page was published or last updated, as the page
	// says (YYYY, YYYY-MM or YYYY-MM-DD); empty when it does not say.
	Date string `strict:"date" yaml:"date" json:"date"`
	URL  string `strict:"url,required" yaml:"url" json:"url"`
	// Kind is primary, firm, vendor or seed (soc.SourceKinds).
	Kind string `strict:"kind,required" yaml:"kind" json:"kind"`
	// Grade is H, M or L (soc.Grades): how far a claim resting on this
	// source alone can be trusted.
	Grade string `strict:"grade,required" yaml:"grade" json:"grade"`
	// Pos and KeyPos are where the entry and each of its keys stand in
	// the sources file, for messages.
	Pos    strictyaml.Pos            `yaml:"-" json:"-"`
	KeyPos map[string]strictyaml.Pos `yaml:"-" json:"-"`
}

// at is where key stands in the entry, or the entry's position.
func (src *Source) at(key string) strictyaml.Pos {
	if pos, ok := src.KeyPos[key]; ok {
		return pos
	}
	return src.Pos
}

type sourcesFile struct {
	APIVersion string    `yaml:"apiVersion,required"`
	Kind       string    `yaml:"kind,required"`
	Sources    []*Source `yaml:"sources,required"`
}

// Sources are a ruleset's sources, by id and in file order.
type Sources struct {
	List []*Source
	// byID is the position in List of each id's (first) source.
	byID map[string]int
}

// Lookup returns the source with an id, or nil.
func (s *Sources) Lookup(id string) *Source {
	if i, ok := s.rank(id); ok {
		return s.List[i]
	}
	return nil
}

// rank is the position in List of the source with an id.
func (s *Sources) rank(id string) (int, bool) {
	if s == nil {
		return 0, false
	}
	i, ok := s.byID[id]
	return i, ok
}

// IDs lists the sources' ids in file order, for did-you-mean hints.
func (s *Sources) IDs() []string {
	ids := make([]string, len(s.List))
	for i, src := range s.List {
		ids[i] = src.ID
	}
	return ids
}

func sourcesFromNode(root *yaml.Node) (*Sources, error) {
	probs := &strictyaml.Problems{File: SourcesFile}
	var f sourcesFile
	strictyaml.Decode(root, &f, "", probs)
	strictyaml.CheckHeader(root, soc.APIVersion, soc.KindSources, probs)
	s := &Sources{byID: make(map[string]int, len(f.Sources))}
	for i, src := range f.Sources {
		if src == nil {
			continue
		}
		p := "sources[" + strconv.Itoa(i) + "]"
		if src.ID != "" {
			p = "source " + src.ID
		}
		switch {
		case !soc.ValidID(src.ID):
			probs.Add(src.at("id"), "%s: id must be lower-case letters, digits and dashes", p)
		case s.Lookup(src.ID) != nil:
			probs.Add(src.at("id"), "%s: duplicate source id (first at line %d)", p, s.Lookup(src.ID).Pos.Line)
		}
		if u, err := url.Parse(src.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			probs.Add(src.at("url"), "%s: url: %s is not an http or https address a reader can open", p, strictyaml.Quote(src.URL))
		}
		if !slices.Contains(soc.SourceKinds, src.Kind) {
			probs.Add(src.at("kind"), "%s: kind: %s is not known (want %s)%s", p, strictyaml.Quote(src.Kind), prose.JoinList(soc.SourceKinds, "or"), prose.Suggest(src.Kind, soc.SourceKinds))
		}
		if !slices.Contains(soc.Grades, src.Grade) {
			probs.Add(src.at("grade"), "%s: grade: %s is not a grade (want %s)", p, strictyaml.Quote(src.Grade), prose.JoinList(soc.Grades, "or"))
		}
		if strings.TrimSpace(src.Title) == "" || strings.TrimSpace(src.Publisher) == "" {
			probs.Add(src.Pos, "%s: title and publisher must say what the page is and whose", p)
		}
		if _, dup := s.byID[src.ID]; !dup && src.ID != "" {
			s.byID[src.ID] = len(s.List)
		}
		s.List = append(s.List, src)
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// weakest returns the weakest grade of the sources with the ids given
// ("L" over "M" over "H"), or "" when none is known.
func (s *Sources) weakest(ids []string) string {
	rank := -1
	for _, id := range ids {
		if src := s.Lookup(id); src != nil {
			rank = max(rank, slices.Index(soc.Grades, src.Grade))
		}
	}
	if rank < 0 {
		return ""
	}
	return soc.Grades[rank]
}

// CheckCitations checks a list of cited source ids written as YAML
// scalars: each must be a source of the ruleset, cited once. It returns
// the ids.
func (s *Sources) CheckCitations(probs *strictyaml.Problems, p string, nodes []*yaml.Node) []string {
	ids := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if n.Kind != yaml.ScalarNode {
			probs.Add(strictyaml.PosOf(n), "%s: sources: expected a source id, got %s", p, strictyaml.Describe(n))
			continue
		}
		id := n.Value
		if s.Lookup(id) == nil {
			probs.Add(strictyaml.PosOf(n), "%s: sources: %s is not a source of %s%s", p, strictyaml.Quote(id), SourcesFile, prose.Suggest(id, s.IDs()))
			continue
		}
		if slices.Contains(ids, id) {
			probs.Add(strictyaml.PosOf(n), "%s: sources: %s is cited twice", p, strictyaml.Quote(id))
			continue
		}
		ids = append(ids, id)
	}
	return ids
}
