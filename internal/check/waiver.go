package check

import (
	"fmt"
	"slices"
	"time"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/strictyaml"
)

// MaxWaiverMonths is how far ahead a waiver may expire: it is reviewed at
// least yearly.
const MaxWaiverMonths = 12

// unwaivable are the codes no waiver accepts: a profile that cannot be
// read, and the waivers' own findings.
var unwaivable = []string{InvalidProfile, Waived, ExpiredWaiver}

// ApplyWaivers applies the profile's waivers to its findings, as of asOf:
// a finding a current waiver matches (its code, and its report when the
// waiver names one) becomes a waived finding (info, never failing) that
// keeps its position and message and says the waiver's reason and expiry.
// An expired waiver waives nothing and adds expired-waiver; a waiver that
// expires more than MaxWaiverMonths ahead, or names a code that is not a
// finding code, is an invalid-profile finding at its line.
func ApplyWaivers(p *profile.Profile, findings []Finding, asOf time.Time) []Finding {
	if len(p.Waivers) == 0 {
		return findings
	}
	asOf = calendar.Date(asOf.Date()) // its calendar date, without the clock time
	var current []profile.Waiver
	var extra []Finding
	for i, w := range p.Waivers {
		at := func(pos strictyaml.Pos) (int, int) {
			if pos.Line == 0 {
				pos = w.Pos
			}
			return pos.Line, pos.Column
		}
		switch {
		case !slices.Contains(Codes, w.Code) || slices.Contains(unwaivable, w.Code):
			line, col := at(w.CodePos)
			extra = append(extra, Finding{Code: InvalidProfile, Severity: defaultSeverity[InvalidProfile], Line: line, Column: col,
				Message: fmt.Sprintf("waivers[%d].code: %s is not a finding code a waiver can accept (want one of %s)%s",
					i, strictyaml.Quote(w.Code), prose.JoinList(waivable(), "or"), prose.Suggest(w.Code, waivable()))})
		case w.Expires.After(calendar.AddMonths(asOf, MaxWaiverMonths)):
			line, col := at(w.ExpiresPos)
			extra = append(extra, Finding{Code: InvalidProfile, Severity: defaultSeverity[InvalidProfile], Line: line, Column: col,
				Message: fmt.Sprintf("waivers[%d].expires: %s is more than %d months after %s: a waiver is reviewed at least yearly (set it to %s at the latest)",
					i, calendar.Day(w.Expires), MaxWaiverMonths, calendar.Day(asOf), calendar.Day(calendar.AddMonths(asOf, MaxWaiverMonths)))})
		case w.Expires.Before(asOf):
			line, col := at(w.ExpiresPos)
			extra = append(extra, Finding{Code: ExpiredWaiver, Severity: defaultSeverity[ExpiredWaiver], Report: w.Report, Line: line, Column: col,
				Message: fmt.Sprintf("the waiver of %s%s expired on %s (%s): the finding is back; renew the waiver with a new reason and date, or remove it",
					w.Code, forReport(w.Report), calendar.Day(w.Expires), w.Reason)})
		default:
			current = append(current, w)
		}
	}
	out := make([]Finding, 0, len(findings)+len(extra))
	for _, f := range findings {
		i := slices.IndexFunc(current, func(w profile.Waiver) bool {
			return w.Code == f.Code && (w.Report == "" || w.Report == f.Report)
		})
		if i < 0 || slices.Contains(unwaivable, f.Code) {
			out = append(out, f)
			continue
		}
		w := current[i]
		f.Waiver = &AppliedWaiver{Code: f.Code, Reason: w.Reason, Expires: calendar.Day(w.Expires)}
		f.Message = fmt.Sprintf("%s (waived until %s: %s): %s", f.Code, calendar.Day(w.Expires), w.Reason, f.Message)
		f.Code, f.Severity = Waived, defaultSeverity[Waived]
		out = append(out, f)
	}
	return append(out, extra...)
}

func forReport(report string) string {
	if report == "" {
		return ""
	}
	return " for " + report
}

// waivable are the codes a waiver may name.
func waivable() []string {
	return slices.DeleteFunc(slices.Clone(Codes), func(c string) bool { return slices.Contains(unwaivable, c) })
}
