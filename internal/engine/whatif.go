package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
)

// WhatIf is one answer that would change the advice: the answer key, the
// other value (a choice's value; "+x" or "-x" for adding or removing a
// list's value; "a-b" or "a" for a range of a number), and how the advice
// would change.
type WhatIf struct {
	Answer  string   `json:"answer" yaml:"answer"`
	Value   string   `json:"value" yaml:"value"`
	Changes []string `json:"changes" yaml:"changes"`
}

// WhatIf re-evaluates the answers with each asked question answered
// otherwise, one at a time, and returns the answers that would change the
// reports, a type or the interim Type I, a criterion, an obligation or the
// plan (a report's date, the deadline verdict), with how; d is the
// decision for the answers as given. A choice tries each other value, a
// list adds or removes each value (an exclusive one alone), a number each
// value of its range, reported as the runs of values that change the
// advice alike. It is exact for any ruleset: it evaluates, it does not
// read the rules.
func (rs *Ruleset) WhatIf(answers questionnaire.Answers, sit Situation, d *Decision) ([]WhatIf, error) {
	base := outcomeFor(d, rs.Catalog.Name)
	var out []WhatIf
	try := func(q *questionnaire.Question, v any) ([]string, error) {
		alt := answers.Clone()
		alt[q.Key] = v
		alt, _ = rs.Questions.Prune(alt)
		ad, err := rs.EvaluateAt(alt, sit)
		if err != nil {
			return nil, err
		}
		return base.changesTo(outcomeFor(ad, rs.Catalog.Name)), nil
	}
	for _, q := range rs.Questions.Questions {
		if !rs.Questions.Asked(q, answers) {
			continue
		}
		cur := answers[q.Key]
		// alternative tries the answer v, written label, and keeps it
		// when it changes the advice.
		alternative := func(label string, v any) error {
			ch, err := try(q, v)
			if len(ch) > 0 {
				out = append(out, WhatIf{Answer: q.Key, Value: label, Changes: ch})
			}
			return err
		}
		switch q.Kind {
		case questionnaire.KindChoice:
			for _, v := range q.Values() {
				if v == cur {
					continue
				}
				if err := alternative(v, v); err != nil {
					return nil, err
				}
			}
		case questionnaire.KindList:
			have, _ := cur.([]string)
			for _, o := range q.Options {
				if label, next := toggled(q, have, o); next != nil {
					if err := alternative(label, next); err != nil {
						return nil, err
					}
				}
			}
		case questionnaire.KindInteger:
			runs, err := rs.integerRuns(q, cur, try)
			if err != nil {
				return nil, err
			}
			out = append(out, runs...)
		}
	}
	return out, nil
}

// toggled is a list answer with one option added or removed: "+x" adds x
// (alone when it or the others are exclusive), "-x" removes it. It is nil
// when the change leaves the answer as it is, or empty.
func toggled(q *questionnaire.Question, have []string, o questionnaire.Option) (string, []string) {
	if slices.Contains(have, o.Value) {
		if len(have) == 1 {
			return "", nil
		}
		return "-" + o.Value, slices.DeleteFunc(slices.Clone(have), func(v string) bool { return v == o.Value })
	}
	if o.Exclusive {
		return "+" + o.Value + " (alone)", []string{o.Value}
	}
	var next []string
	for _, v := range have {
		if opt := q.Option(v); opt == nil || !opt.Exclusive {
			next = append(next, v)
		}
	}
	next = append(next, o.Value)
	soc.SortBy(next, q.Values())
	return "+" + o.Value, next
}

// integerRuns tries every value of a number's range and reports the runs
// of values that change the advice in the same way.
func (rs *Ruleset) integerRuns(q *questionnaire.Question, cur any, try func(*questionnaire.Question, any) ([]string, error)) ([]WhatIf, error) {
	var out []WhatIf
	lo, hi := *q.Min, *q.Max
	if hi-lo > 240 { // a range socpick's questions do not have: not walked
		return nil, nil
	}
	var run *WhatIf
	start, key := 0, ""
	flush := func(end int) {
		if run != nil {
			run.Value = fmt.Sprint(start)
			if end > start {
				run.Value = fmt.Sprintf("%d-%d", start, end)
			}
			out = append(out, *run)
		}
		run = nil
	}
	for v := lo; v <= hi; v++ {
		if v == cur {
			flush(v - 1)
			key = ""
			continue
		}
		ch, err := try(q, v)
		if err != nil {
			return nil, err
		}
		k := strings.Join(ch, "\n")
		if k != key {
			flush(v - 1)
			key, start = k, v
			if len(ch) > 0 {
				run = &WhatIf{Answer: q.Key, Changes: ch}
			}
		}
	}
	flush(hi)
	return out, nil
}

// outcome is what a decision says that a what-if compares: per report its
// type, interim and criteria, the obligations, and the plan's report
// dates and deadline verdict.
type outcome struct {
	names       func(string) string
	reports     map[string]Report
	obligations []string
	reportBy    map[string]string
	deadline    string
}

// changesTo says, in words, how the advice changes from o to alt.
func (o outcome) changesTo(alt outcome) []string {
	var out []string
	name := o.names
	full := func(r Report) string {
		if r.Type == "" {
			return name(r.Report)
		}
		return name(r.Report) + " " + name(string(r.Type))
	}
	for _, id := range soc.Reports {
		was, had := o.reports[id]
		now, has := alt.reports[id]
		switch {
		case !had && has:
			out = append(out, "adds "+full(now))
		case had && !has:
			out = append(out, "drops the "+full(was))
		case had && has:
			if was.Type != now.Type {
				out = append(out, fmt.Sprintf("makes the %s a %s", name(id), name(string(now.Type))))
			}
			if (was.Interim == nil) != (now.Interim == nil) {
				if now.Interim != nil {
					out = append(out, "adds a "+name(id)+" Type I first")
				} else {
					out = append(out, "drops the "+name(id)+" Type I first")
				}
			}
			if add, drop := diffIDs(was.Criteria, now.Criteria); len(add)+len(drop) > 0 {
				if len(add) > 0 {
					out = append(out, fmt.Sprintf("adds %s to the %s", prose.JoinList(mapIDs(add, name), "and"), name(id)))
				}
				if len(drop) > 0 {
					out = append(out, fmt.Sprintf("drops %s from the %s", prose.JoinList(mapIDs(drop, name), "and"), name(id)))
				}
			}
			if a, b := o.reportBy[id], alt.reportBy[id]; a != "" && b != "" && a != b {
				out = append(out, fmt.Sprintf("moves the %s report to %s (from %s)", full(now), b, a))
			}
		}
	}
	add, drop := diffIDs(o.obligations, alt.obligations)
	for _, id := range add {
		out = append(out, "adds the "+name(id)+" obligation")
	}
	for _, id := range drop {
		out = append(out, "drops the "+name(id)+" obligation")
	}
	// The deadline verdict: missing it is a change from meeting it or
	// from having none; meeting it a change from missing it.
	switch {
	case alt.deadline == "unmet" && o.deadline != "unmet":
		out = append(out, "misses the deadline")
	case o.deadline == "unmet" && alt.deadline == "met":
		out = append(out, "meets the deadline")
	case o.deadline == "unmet" && alt.deadline == "none":
		out = append(out, "leaves no deadline to miss")
	}
	return out
}

// diffIDs returns the ids in b but not a, and in a but not b.
func diffIDs(a, b []string) (added, dropped []string) {
	for _, id := range b {
		if !slices.Contains(a, id) {
			added = append(added, id)
		}
	}
	for _, id := range a {
		if !slices.Contains(b, id) {
			dropped = append(dropped, id)
		}
	}
	return added, dropped
}

func mapIDs(ids []string, name func(string) string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = name(id)
	}
	return out
}

// Changes says, in words, how decision b differs from decision a: reports
// added or dropped, a type or a Type I first, criteria, obligations, a
// report's date, the deadline verdict. names names the ids (b's catalog).
func Changes(a, b *Decision, names func(string) string) []string {
	oa, ob := outcomeFor(a, names), outcomeFor(b, names)
	return oa.changesTo(ob)
}

func outcomeFor(d *Decision, names func(string) string) outcome {
	o := outcome{names: names, reports: map[string]Report{}, reportBy: map[string]string{}, deadline: d.DeadlineVerdict()}
	for _, r := range d.Reports {
		o.reports[r.Report] = r
	}
	for _, c := range d.Obligations {
		o.obligations = append(o.obligations, c.ID)
	}
	if d.Plan != nil {
		for _, m := range d.Plan.Milestones {
			if m.ID == "report" {
				o.reportBy[string(m.Report)] = m.Date
			}
		}
	}
	return o
}
