// Package soc holds the identifiers of the public contract (reports, report
// types, SOC 2 criteria) and their canonical order. It decides nothing: which
// report a vendor needs is the rules' business.
package soc

import "slices"

// Reports are the report ids, in the order every output lists them.
var Reports = []string{"soc1", "soc2", "soc3"}

// Types are the report type ids.
var Types = []string{"type1", "type2"}

// Criteria are the SOC 2 / SOC 3 Trust Services Categories, in output order.
var Criteria = []string{"security", "availability", "processing-integrity", "confidentiality", "privacy"}

// HasCriteria reports whether a report is examined against the Trust
// Services Criteria (SOC 2 and SOC 3), so that criteria apply to it.
func HasCriteria(report string) bool { return report == "soc2" || report == "soc3" }

// SortBy sorts ids in place by their position in order; ids not in order go
// last, alphabetically.
func SortBy(ids []string, order []string) {
	rank := func(s string) int {
		if i := slices.Index(order, s); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(ids, func(a, b string) int {
		ra, rb := rank(a), rank(b)
		if ra != rb {
			return ra - rb
		}
		if a < b {
			return -1
		}
		if a > b {
			return 1
		}
		return 0
	})
}
