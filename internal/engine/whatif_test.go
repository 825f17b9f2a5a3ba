package engine_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/questionnaire"
)

// compared is what a what-if compares of a decision, by brute force: the
// reports with type, interim and criteria, the obligations and the report
// dates; differs adds the deadline verdict, when both have a deadline.
func compared(d *engine.Decision) string {
	var b strings.Builder
	for _, r := range d.Reports {
		fmt.Fprintf(&b, "%s %s %v %v;", r.Report, r.Type, r.Interim != nil, r.Criteria)
	}
	for _, o := range d.Obligations {
		b.WriteString(o.ID + ";")
	}
	if d.Plan != nil {
		for _, m := range d.Plan.Milestones {
			if m.ID == "report" {
				b.WriteString(string(m.Report) + "@" + m.Date + ";")
			}
		}
	}
	return b.String()
}

func differs(a, b *engine.Decision) bool {
	if compared(a) != compared(b) {
		return true
	}
	// Missing the deadline is what changes: not having one and meeting
	// one are alike.
	unmet := func(d *engine.Decision) bool { return d.Plan.Deadline != nil && !d.Plan.Deadline.Met }
	return unmet(a) != unmet(b)
}

// WhatIf is exact: on sampled profiles, every other value of every asked
// question is evaluated by brute force; the values that change what is
// compared are exactly those WhatIf lists (numbers by their runs), and each
// listed change is one the brute force sees.
func TestWhatIfIsBruteForce(t *testing.T) {
	rs := loadDefault(t)
	rng := rand.New(rand.NewPCG(7, 11))
	sit := engine.Situation{AsOf: calendar.Date(2026, time.November, 29)}
	for range 15 {
		answers, _ := rs.Questions.Prune(rs.Questions.Sample(rng, nil))
		d, err := rs.EvaluateAt(answers, sit)
		if err != nil {
			t.Fatal(err)
		}
		listed, err := rs.WhatIf(answers, sit, d)
		if err != nil {
			t.Fatal(err)
		}
		changes := func(q *questionnaire.Question, v any) bool {
			alt := answers.Clone()
			alt[q.Key] = v
			alt, _ = rs.Questions.Prune(alt)
			ad, err := rs.EvaluateAt(alt, sit)
			if err != nil {
				t.Fatal(err)
			}
			return differs(d, ad)
		}
		has := func(key, value string) bool {
			return slices.ContainsFunc(listed, func(w engine.WhatIf) bool { return w.Answer == key && w.Value == value })
		}
		inRun := func(key string, v int) bool {
			return slices.ContainsFunc(listed, func(w engine.WhatIf) bool {
				var lo, hi int
				if w.Answer != key {
					return false
				}
				if n, _ := fmt.Sscanf(w.Value, "%d-%d", &lo, &hi); n == 2 {
					return lo <= v && v <= hi
				}
				return w.Value == fmt.Sprint(v)
			})
		}
		for _, q := range rs.Questions.Questions {
			if !rs.Questions.Asked(q, answers) {
				continue
			}
			switch q.Kind {
			case questionnaire.KindChoice:
				for _, v := range q.Values() {
					if v != answers[q.Key] && changes(q, v) != has(q.Key, v) {
						t.Errorf("%v: %s=%s changes the advice: %v, listed: %v", answers, q.Key, v, !has(q.Key, v), has(q.Key, v))
					}
				}
			case questionnaire.KindInteger:
				for v := *q.Min; v <= *q.Max; v++ {
					if v != answers[q.Key] && changes(q, v) != inRun(q.Key, v) {
						t.Errorf("%v: %s=%d changes the advice: %v, listed: %v", answers, q.Key, v, !inRun(q.Key, v), inRun(q.Key, v))
					}
				}
			case questionnaire.KindList:
				have, _ := answers[q.Key].([]string)
				for _, o := range q.Options {
					var next []string
					var label string
					switch {
					case slices.Contains(have, o.Value) && len(have) > 1:
						label, next = "-"+o.Value, slices.DeleteFunc(slices.Clone(have), func(s string) bool { return s == o.Value })
					case slices.Contains(have, o.Value):
						continue
					case o.Exclusive:
						label, next = "+"+o.Value+" (alone)", []string{o.Value}
					default:
						for _, v := range have {
							if !q.Option(v).Exclusive {
								next = append(next, v)
							}
						}
						label, next = "+"+o.Value, append(next, o.Value)
						slices.SortFunc(next, func(a, b string) int { return slices.Index(q.Values(), a) - slices.Index(q.Values(), b) })
					}
					if changes(q, next) != has(q.Key, label) {
						t.Errorf("%v: %s %s changes the advice: %v, listed: %v", answers, q.Key, label, !has(q.Key, label), has(q.Key, label))
					}
				}
			}
		}
		for _, w := range listed {
			if len(w.Changes) == 0 || reflect.DeepEqual(w.Changes, []string{""}) {
				t.Errorf("%s %s is listed without a change", w.Answer, w.Value)
			}
		}
	}
}

// BenchmarkWhatIf is the whole what-if analysis of one profile. Target
// (issue 12): under 50 ms.
func BenchmarkWhatIf(b *testing.B) {
	rs := loadDefault(b)
	rng := rand.New(rand.NewPCG(1, 2))
	sit := engine.Situation{AsOf: calendar.Date(2026, time.November, 29)}
	answers, _ := rs.Questions.Prune(rs.Questions.Sample(rng, nil))
	d, err := rs.EvaluateAt(answers, sit)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := rs.WhatIf(answers, sit, d); err != nil {
			b.Fatal(err)
		}
	}
}
