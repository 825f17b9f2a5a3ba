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

// WaiverProblems are what makes the profile's waivers invalid as of asOf,
// at their lines: a waiver that names a code no waiver accepts, or that
// expires more than MaxWaiverMonths ahead. A profile with any is not
// checked (invalid-profile), with waivers applied or not: the file is
// wrong whatever the flags.
func WaiverProblems(p *profile.Profile, asOf time.Time) []strictyaml.Problem {
	asOf = calendar.Date(asOf.Date()) // its calendar date, without the clock time
	var probs []strictyaml.Problem
	for _, w := range p.Waivers {
		i := w.Index
		switch {
		case !waivableCode(w.Code):
			probs = append(probs, strictyaml.Problem{Pos: waiverPos(w, w.CodePos), Msg: fmt.Sprintf(
				"waivers[%d].code: %s is not a finding code a waiver can accept (want one of %s)%s",
				i, strictyaml.Quote(w.Code), prose.JoinList(waivable(), "or"), prose.Suggest(w.Code, waivable()))})
		case tooFar(w, asOf):
			probs = append(probs, strictyaml.Problem{Pos: waiverPos(w, w.ExpiresPos), Msg: fmt.Sprintf(
				"waivers[%d].expires: %s is more than %d months after %s: a waiver is reviewed at least yearly (set it to %s at the latest)",
				i, calendar.Day(w.Expires), MaxWaiverMonths, calendar.Day(asOf), calendar.Day(calendar.AddMonths(asOf, MaxWaiverMonths)))})
		}
	}
	return probs
}

// ApplyWaivers applies the profile's valid waivers (see WaiverProblems) to
// its findings, as of asOf: a finding a current waiver matches (its code,
// and its report when the waiver names one) becomes a waived finding
// (info, never failing) that keeps its position and message and says the
// waiver's reason and expiry. An expired waiver waives nothing and adds
// expired-waiver.
func ApplyWaivers(p *profile.Profile, findings []Finding, asOf time.Time) []Finding {
	if len(p.Waivers) == 0 {
		return findings
	}
	asOf = calendar.Date(asOf.Date())
	var current, expired []profile.Waiver
	for _, w := range p.Waivers {
		switch {
		case !waivableCode(w.Code) || tooFar(w, asOf): // WaiverProblems says why
		case w.Expires.Before(asOf):
			expired = append(expired, w)
		default:
			current = append(current, w)
		}
	}
	covering := func(code, report string) int {
		return slices.IndexFunc(current, func(w profile.Waiver) bool {
			return w.Code == code && (w.Report == "" || w.Report == report)
		})
	}
	out := make([]Finding, 0, len(findings)+len(expired))
	for _, f := range findings {
		i := covering(f.Code, f.Report)
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
	for _, w := range expired {
		pos := waiverPos(w, w.ExpiresPos)
		// What the waiver would match now: back unless another waiver
		// still covers it.
		then := "nothing it would waive is found now: remove it"
		for _, f := range findings {
			if f.Code != w.Code || w.Report != "" && w.Report != f.Report {
				continue
			}
			if covering(f.Code, f.Report) < 0 {
				then = "the finding is back; renew the waiver with a new reason and date, or remove it"
				break
			}
			then = "another waiver covers what it waived: remove this one"
		}
		out = append(out, Finding{Code: ExpiredWaiver, Severity: defaultSeverity[ExpiredWaiver], Report: w.Report, Line: pos.Line, Column: pos.Column,
			Message: fmt.Sprintf("the waiver of %s%s expired on %s (%s): %s", w.Code, forReport(w.Report), calendar.Day(w.Expires), w.Reason, then)})
	}
	return out
}

// tooFar reports whether a waiver expires more than MaxWaiverMonths after
// asOf (a calendar date).
func tooFar(w profile.Waiver, asOf time.Time) bool {
	return w.Expires.After(calendar.AddMonths(asOf, MaxWaiverMonths))
}

// waiverPos is the position of a key of a waiver, or of the waiver when
// the key's is not known.
func waiverPos(w profile.Waiver, key strictyaml.Pos) strictyaml.Pos {
	if key.Line == 0 {
		return w.Pos
	}
	return key
}

// waivableCode reports whether a waiver may name code.
func waivableCode(code string) bool {
	return slices.Contains(Codes, code) && !slices.Contains(unwaivable, code)
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
