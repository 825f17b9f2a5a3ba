package ruletest

import (
	"bytes"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/soc"
)

// OutcomeHeader introduces a failing case's Outcome where it is shown
// after its failures (see Result.WithOutcome).
const OutcomeHeader = "actual outcome, as expect:"

// Outcome writes what the rules decided for c as an expect mapping that
// `rules test` reads as it is and that the same decision passes: every
// report with its type, criteria and interim step, the also-consider,
// obligation and warning ids, the deadline verdict and milestones, the
// rules that fired, and those of the case's not_fired that did not. A
// rule owner pastes it under the case's expect: when the new advice is
// the right one. Lines end with a newline.
func Outcome(c *Case, d *engine.Decision) string {
	m := mapping(0)
	reports := sequence(0)
	for _, r := range d.Reports {
		rn := mapping(yaml.FlowStyle)
		add(rn, "report", str(r.Report))
		if soc.HasType(r.Report) {
			add(rn, "type", str(string(r.Type)))
		}
		if soc.HasCriteria(r.Report) || len(r.Criteria) > 0 {
			add(rn, "criteria", ids(r.Criteria))
		}
		if soc.HasType(r.Report) {
			interim := "none"
			if r.Interim != nil {
				interim = r.Interim.Type
			}
			add(rn, "interim", str(interim))
		}
		reports.Content = append(reports.Content, rn)
	}
	if len(d.Reports) == 0 {
		reports.Style = yaml.FlowStyle // reports: []
	}
	add(m, "reports", reports)
	add(m, "also_consider", ids(idsOf(d.AlsoConsider, func(c engine.Consideration) string { return c.ID })))
	add(m, "obligations", ids(idsOf(d.Obligations, func(c engine.Consideration) string { return c.ID })))
	add(m, "warnings", ids(idsOf(d.Warnings, func(w engine.Warning) string { return w.Code })))
	add(m, "deadline", str(d.DeadlineVerdict()))
	if d.Plan != nil && len(d.Plan.Milestones) > 0 {
		ms := sequence(0)
		for _, x := range d.Plan.Milestones {
			mn := mapping(yaml.FlowStyle)
			add(mn, "id", str(x.ID))
			for _, kv := range [][2]string{{"report", string(x.Report)}, {"type", string(x.Type)}} {
				if kv[1] != "" {
					add(mn, kv[0], str(kv[1]))
				}
			}
			for _, kv := range [][2]string{{"start", x.Start}, {"end", x.End}, {"date", x.Date}} {
				if kv[1] != "" {
					add(mn, kv[0], &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: kv[1]})
				}
			}
			ms.Content = append(ms.Content, mn)
		}
		add(m, "milestones", ms)
	}
	add(m, "fired", ids(d.Fired))
	var notFired []string
	for _, id := range c.Expect.NotFired {
		if !slices.Contains(d.Fired, id) {
			notFired = append(notFired, id)
		}
	}
	if len(notFired) > 0 {
		add(m, "not_fired", ids(notFired))
	}
	if !c.Dated && d.Plan != nil {
		// The plan moves with the calendar: pinned as it is today, the
		// case would fail tomorrow.
		m.HeadComment = "no as_of: the deadline and milestones are as of today; give the case an as_of to keep them"
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return "" // not reached: the nodes are built above
	}
	_ = enc.Close()
	return b.String()
}

// mapping and sequence make nodes of a style: 0 for block, yaml.FlowStyle.
func mapping(style yaml.Style) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: style}
}

func sequence(style yaml.Style) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: style}
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func add(m *yaml.Node, key string, value *yaml.Node) {
	m.Content = append(m.Content, str(key), value)
}

// ids is a flow list of ids: [a, b], or [] for none.
func ids(list []string) *yaml.Node {
	n := sequence(yaml.FlowStyle)
	for _, id := range list {
		n.Content = append(n.Content, str(id))
	}
	return n
}

// idsOf lists each id of items once, in order: an expectation may not
// list one twice, and compares without repeats.
func idsOf[T any](items []T, id func(T) string) []string {
	var out []string
	for _, it := range items {
		if s := id(it); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
