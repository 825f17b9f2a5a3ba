package questionnaire

import (
	"math"
	"math/rand/v2"
)

// SplitOptions parts a list question's values into those that stand alone
// (exclusive, such as "none") and those that combine.
func (q *Question) SplitOptions() (exclusive, others []string) {
	for _, o := range q.Options {
		if o.Exclusive {
			exclusive = append(exclusive, o.Value)
		} else {
			others = append(others, o.Value)
		}
	}
	return exclusive, others
}

// Sample draws a valid answer to every question that is asked for the
// others: a choice's option, a list of one or a few options (sometimes
// many; an exclusive one alone), an integer in range. Integers come mostly
// from favoured, by answer key, when it has values for them: where the
// rules draw their lines. The same rng gives the same answers.
func (qs *Questionnaire) Sample(rng *rand.Rand, favoured map[string][]int) Answers {
	a := Answers{}
	for _, q := range qs.Questions {
		switch q.Kind {
		case KindInteger:
			if c := favoured[q.Key]; len(c) > 0 && rng.IntN(3) > 0 {
				a[q.Key] = c[rng.IntN(len(c))]
				continue
			}
			a[q.Key] = uniform(rng, *q.Min, *q.Max)
		case KindList:
			exclusive, others := q.SplitOptions()
			if len(exclusive) > 0 && (rng.IntN(6) == 0 || len(others) == 0) {
				a[q.Key] = []string{exclusive[rng.IntN(len(exclusive))]}
				continue
			}
			p := []float64{0.05, 0.15, 0.5}[rng.IntN(3)]
			var pick []string
			for _, v := range others {
				if rng.Float64() < p {
					pick = append(pick, v)
				}
			}
			if len(pick) == 0 {
				pick = []string{others[rng.IntN(len(others))]}
			}
			a[q.Key] = pick
		default:
			a[q.Key] = q.Options[rng.IntN(len(q.Options))].Value
		}
	}
	pruned, _ := qs.Prune(a)
	return pruned
}

// uniform draws from [lo, hi] whatever their width, without overflow.
func uniform(rng *rand.Rand, lo, hi int) int {
	span := uint64(hi) - uint64(lo)
	if span == math.MaxUint64 {
		return int(rng.Uint64())
	}
	return int(uint64(lo) + rng.Uint64N(span+1))
}
