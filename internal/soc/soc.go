// Package soc is socpick's shared vocabulary: the identifiers of every output
// (reports, report types, SOC 2 criteria; docs/formats.md), the document kinds and
// the API version every file carries, and the pattern of an id. It decides
// nothing: which report a vendor needs is the rules' business.
package soc

import "slices"

// APIVersion is the version of every socpick document, read or written
// (docs/formats.md, "Vendor profile").
const APIVersion = "socpick/v1"

// CurrentMonths is how long a report stays current: customers' auditors
// and vendor-risk teams expect a report whose period ended, or a Type I
// dated, no more than 12 months ago (I.S. Partners,
// https://www.ispartnersllc.com/blog/soc-2-report-validity/). check's
// freshness findings and the plan's deadline verdict both count with it.
const CurrentMonths = 12

// The document kinds, the kind: line of each file socpick reads or writes.
const (
	KindVendorProfile   = "VendorProfile"
	KindQuestionnaire   = "Questionnaire"
	KindRules           = "Rules"
	KindCatalog         = "Catalog"
	KindSources         = "Sources"
	KindRuleTests       = "RuleTests"
	KindRecommendation  = "Recommendation"
	KindCheckResult     = "CheckResult"
	KindDiff            = "Diff"
	KindRulesValidation = "RulesValidation"
)

// The report ids.
const (
	SOC1 = "soc1"
	SOC2 = "soc2"
	SOC3 = "soc3"
)

// The report type ids.
const (
	Type1 = "type1"
	Type2 = "type2"
)

// The SOC 2 criteria ids (Trust Services Categories).
const (
	Security            = "security"
	Availability        = "availability"
	ProcessingIntegrity = "processing-integrity"
	Confidentiality     = "confidentiality"
	Privacy             = "privacy"
)

// Reports are the report ids, in the order every output lists them.
var Reports = []string{SOC1, SOC2, SOC3}

// Types are the report type ids.
var Types = []string{Type1, Type2}

// Criteria are the SOC 2 / SOC 3 Trust Services Categories, in output order.
var Criteria = []string{Security, Availability, ProcessingIntegrity, Confidentiality, Privacy}

// IDPattern is the pattern of every id a user writes: a profile's
// metadata.name, a rule id, an also-consider id. Lower-case letters,
// digits and dashes, starting with a letter or digit.
const IDPattern = `^[a-z0-9][a-z0-9-]*$`

// ValidID reports whether s matches IDPattern. (A regexp compiled at start
// would cost every command, version included, for a check this simple.)
func ValidID(s string) bool {
	for i, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && i > 0 {
			continue
		}
		return false
	}
	return s != ""
}

// HasType reports whether a report comes in types: a SOC 1 and a SOC 2 are
// Type 1 or Type 2; a SOC 3 is unlabelled (it is issued from the SOC 2
// Type 2 examination and covers its period).
func HasType(report string) bool { return report == SOC1 || report == SOC2 }

// Grades of a source, strongest first: H a standard setter's or
// regulator's own text, M a CPA firm (or a primary text through a
// secondary copy), L a vendor or blog.
var Grades = []string{"H", "M", "L"}

// Source kinds.
var SourceKinds = []string{"primary", "firm", "vendor", "seed"}

// HasCriteria reports whether a report is examined against the Trust
// Services Criteria (SOC 2 and SOC 3), so that criteria apply to it.
func HasCriteria(report string) bool { return report == SOC2 || report == SOC3 }

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
