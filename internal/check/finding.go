package check

import (
	"fmt"
	"strings"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/strictyaml"
)

// Severity ranks a finding. The zero value is Info; higher is worse.
type Severity int

// The severities, in rising order.
const (
	Info Severity = iota
	Warning
	Error
)

// Severities are the severity names, lowest first, for --fail-on.
var Severities = []string{"info", "warning", "error"}

func (s Severity) String() string {
	if s < Info || s > Error {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return Severities[s]
}

// MarshalText writes the severity's name, as docs/formats.md's JSON has it.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads a severity name.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range Severities {
		if n == name {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want %s)", name, strings.Join(Severities, ", "))
}

// The finding codes of docs/formats.md, "Check results".
const (
	MissingReport      = "missing-report"
	WeakerType         = "weaker-type"
	MissingCriteria    = "missing-criteria"
	StaleReport        = "stale-report"
	ExpiringReport     = "expiring-report"
	BridgeLetterNeeded = "bridge-letter-needed"
	ExpectationDrift   = "expectation-drift"
	UnneededReport     = "unneeded-report"
	InvalidProfile     = "invalid-profile"
	// FutureReport is socpick's addition to the first version's codes.
	FutureReport = "future-report"
	// The v1.1 codes.
	Type2Due        = "type2-due"
	AnswersOutdated = "answers-outdated"
	Waived          = "waived"
	ExpiredWaiver   = "expired-waiver"
)

// Codes are every finding code, in the order docs/formats.md lists them.
var Codes = []string{
	MissingReport, WeakerType, MissingCriteria, StaleReport, ExpiringReport, BridgeLetterNeeded,
	ExpectationDrift, UnneededReport, InvalidProfile, FutureReport, Type2Due, AnswersOutdated,
	Waived, ExpiredWaiver,
}

// CodeHelp says when each finding code is given, in a sentence; the
// SARIF rules carry it.
var CodeHelp = map[string]string{
	MissingReport:      "A recommended report is not held.",
	WeakerType:         "A Type I is held where a Type II is recommended, and the Type II it was the first step to is due.",
	MissingCriteria:    "A held SOC 2 or SOC 3 lacks a criterion the advice recommends.",
	StaleReport:        "More than 12 months have passed since the held report's period end (Type II) or as-of date (Type I): a new report is due.",
	ExpiringReport:     "The held report goes stale within 90 days: plan the next one.",
	BridgeLetterNeeded: "More than 3 months have passed since a Type II period end, and no bridge letter covers the as-of date.",
	ExpectationDrift:   "The profile's expect block differs from what the rules now recommend.",
	UnneededReport:     "A report is held that the advice does not recommend.",
	InvalidProfile:     "The file cannot be read, or is not a valid vendor profile.",
	FutureReport:       "A held report's period end or as-of date is after the as-of date: most likely a typo.",
	Type2Due:           "A Type I is held and the Type II it leads to is not due yet.",
	AnswersOutdated:    "The profile's answers are more than 12 months old: review them.",
	Waived:             "A finding that a current waiver in the profile accepts, with its reason, until the waiver expires.",
	ExpiredWaiver:      "A waiver's expiry date has passed: it waives nothing, and the finding is back unless another waiver covers it.",
}

// DefaultSeverity is a code's severity before any waiver.
func DefaultSeverity(code string) Severity { return defaultSeverity[code] }

// defaultSeverity is each code's severity, docs/formats.md, "Check results".
var defaultSeverity = map[string]Severity{
	MissingReport:      Error,
	WeakerType:         Error,
	MissingCriteria:    Error,
	StaleReport:        Error,
	ExpiringReport:     Warning,
	BridgeLetterNeeded: Warning,
	ExpectationDrift:   Error,
	UnneededReport:     Info,
	InvalidProfile:     Error,
	FutureReport:       Warning,
	Type2Due:           Warning,
	AnswersOutdated:    Info,
	Waived:             Info,
	ExpiredWaiver:      Warning,
}

// Finding is one thing a check found about a profile, at the position of
// the YAML node it is about, so that a CI annotation lands on that line.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	// Report is the report id the finding is about; empty for
	// invalid-profile.
	Report  string `json:"report,omitempty"`
	Message string `json:"message"`
	// Line and Column are 1-based; zero when the file could not be read
	// at all.
	Line   int `json:"line"`
	Column int `json:"column"`
	// Waiver is the waiver a waived finding was matched by: the code it
	// waived, the reason and the expiry; nil for other findings.
	Waiver *AppliedWaiver `json:"waiver,omitempty"`
	// Also holds the further problems of an invalid profile, each at its
	// own position, for formats that can point at each (annotations). The
	// one invalid-profile finding of docs/formats.md lists them in Message too.
	Also []strictyaml.Problem `json:"-"`
}

// Fails reports whether the finding fails its profile when findings of
// failOn and above fail: a waived finding never does.
func (f Finding) Fails(failOn Severity) bool { return f.Waiver == nil && f.Severity >= failOn }

// AppliedWaiver says what a waived finding was, and why it is waived.
type AppliedWaiver struct {
	Code    string `json:"code"`
	Reason  string `json:"reason"`
	Expires string `json:"expires"`
}

// Each returns the finding as one finding per position: itself with the
// first line of its message, then one for each of Also.
func (f Finding) Each() []Finding {
	if len(f.Also) == 0 {
		return []Finding{f}
	}
	first := f
	first.Message, _, _ = strings.Cut(f.Message, "\n")
	first.Also = nil
	out := []Finding{first}
	for _, p := range f.Also {
		out = append(out, Finding{Code: f.Code, Severity: f.Severity, Report: f.Report, Message: p.Msg, Line: p.Line, Column: p.Column})
	}
	return out
}

// Status is the outcome for one profile.
type Status string

// The statuses of docs/formats.md, "Check results".
const (
	Pass Status = "pass"
	// Fail means a finding at or above the --fail-on severity.
	Fail Status = "fail"
	// Errored means the file could not be read, is invalid, or its answers
	// could not be evaluated.
	Errored Status = "error"
)

// Result is the check of one profile file.
type Result struct {
	File string
	// Profile is metadata.name; empty when the file could not be read.
	Profile string
	Status  Status
	// Decision is what the rules recommend; nil when Status is Errored.
	Decision *engine.Decision
	Findings []Finding
}

// Summary counts the results of a run.
type Summary struct {
	Files  int `json:"files"`
	Passed int `json:"passed"`
	Failed int `json:"failed"`
	Errors int `json:"errors"`
	// Waived counts the findings waivers accepted.
	Waived int `json:"waived"`
}

// Add counts one result.
func (s *Summary) Add(r *Result) {
	s.Files++
	for _, f := range r.Findings {
		if f.Code == Waived {
			s.Waived++
		}
	}
	switch r.Status {
	case Pass:
		s.Passed++
	case Fail:
		s.Failed++
	default:
		s.Errors++
	}
}
