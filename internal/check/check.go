package check

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/internal/strictyaml"
)

// How long a report stays current: about 12 months, counted from the
// period end (Type II) or the as-of date (Type I) (I.S. Partners,
// https://www.ispartnersllc.com/blog/soc-2-report-validity/, and PUN Group,
// https://pungroup.cpa/blog/soc-2-report-validity, differ on period end or
// issue date; socpick takes the period end); a bridge letter usually covers no
// more than 3 months after a period (TrustNet, "What is a Bridge Letter in
// SOC Report", https://www.trustnetinc.com/bridge-letter/).
const (
	CurrentMonths      = soc.CurrentMonths
	ExpiringWithinDays = 90
	BridgeAfterMonths  = 3
)

// Names gives the display name of an id ("soc2" -> "SOC 2"); the ruleset's
// catalog is one.
type Names interface {
	Name(id string) string
	// TypeIIDue is when a Type II is due after a Type I as of a day, and
	// false when the ruleset does not plan.
	TypeIIDue(type1AsOf time.Time) (time.Time, bool)
}

// Findings compares a profile's held reports and expect block with the
// decision the rules made for its answers, judging freshness as of asOf (a
// date; its clock time is ignored). It is pure: the same arguments give
// the same findings, in the same order: the recommended reports in report
// order, then the unneeded ones, then drift.
func Findings(p *profile.Profile, d *engine.Decision, asOf time.Time, names Names) []Finding {
	c := &checker{p: p, asOf: calendar.Date(asOf.Date()), names: names, findings: []Finding{}}
	for _, rec := range d.Reports {
		c.recommended(rec)
	}
	c.unneeded(d)
	c.drift(d)
	c.outdated()
	return c.findings
}

type checker struct {
	p        *profile.Profile
	asOf     time.Time
	names    Names
	findings []Finding
}

func (c *checker) add(code, report string, pos strictyaml.Pos, format string, args ...any) {
	c.findings = append(c.findings, Finding{
		Code: code, Severity: defaultSeverity[code], Report: report,
		Message: fmt.Sprintf(format, args...), Line: pos.Line, Column: pos.Column,
	})
}

// name is the display name of a report and type: "SOC 2 Type II".
func (c *checker) name(report, typ string) string {
	if typ == "" || !soc.HasType(report) {
		return c.names.Name(report)
	}
	return c.names.Name(report) + " " + c.names.Name(typ)
}

func (c *checker) criteria(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = c.names.Name(id)
	}
	return prose.JoinList(out, "and")
}

func (c *checker) recommended(rec engine.Report) {
	held := c.held(rec.Report)
	if len(held) == 0 {
		pos := c.p.HeldPos
		if pos.Line == 0 {
			pos = c.p.Pos
		}
		c.add(MissingReport, rec.Report, pos, "%s is recommended and no %s is held", c.name(rec.Report, string(rec.Type)), c.names.Name(rec.Report))
		return
	}
	h := best(held, string(rec.Type))
	if rec.Type == soc.Type2 && h.Type == soc.Type1 {
		due, plans := c.names.TypeIIDue(h.AsOf)
		switch {
		case plans && !c.asOf.After(due):
			// A Type I is only ever a step towards the Type II now: held,
			// it is on plan until its Type II is due. One dated after the
			// as-of date is still on plan; future-report says its date.
			c.add(Type2Due, rec.Report, h.Pos, "%s is held; the %s it leads to is due by %s (a first period from the month after the Type I's date, %s, then the report), %s from %s",
				c.name(h.Report, h.Type), c.name(rec.Report, string(rec.Type)), calendar.Day(due), calendar.Day(h.AsOf),
				prose.Plural(calendar.DaysBetween(c.asOf, due), "day"), calendar.Day(c.asOf))
		default:
			msg := fmt.Sprintf("%s is held, but %s is recommended: a Type I describes controls at a point in time, not their operation over a period",
				c.name(h.Report, h.Type), c.name(rec.Report, string(rec.Type)))
			if plans && c.asOf.After(due) {
				msg += fmt.Sprintf("; the Type II that was to follow it was due by %s", calendar.Day(due))
			}
			c.add(WeakerType, rec.Report, h.Pos, "%s", msg)
		}
	}
	if soc.HasCriteria(rec.Report) {
		var lacking []string
		for _, id := range rec.Criteria {
			if !slices.Contains(h.Criteria, id) {
				lacking = append(lacking, id)
			}
		}
		if len(lacking) > 0 {
			c.add(MissingCriteria, rec.Report, h.Pos, "the held %s lacks %s, which the rules recommend (held: %s)",
				c.name(h.Report, h.Type), c.criteria(lacking), c.criteria(h.Criteria))
		}
	}
	c.freshness(h)
}

// outdated reports answers given more than CurrentMonths before the as-of
// date: time-based answers are aged from that day, but the others may no
// longer hold.
func (c *checker) outdated() {
	on := c.p.AnsweredOn
	if on.IsZero() || !c.asOf.After(calendar.AddMonths(on, CurrentMonths)) {
		return
	}
	c.add(AnswersOutdated, "", c.p.AnsweredOnPos, "the answers were given on %s, more than %d months before %s: review them (time-based answers are aged, the others may no longer hold) and save them again",
		calendar.Day(on), CurrentMonths, calendar.Day(c.asOf))
}

// freshness judges the report a recommendation is met with.
func (c *checker) freshness(h profile.HeldReport) {
	name := c.name(h.Report, h.Type)
	from, what := h.AsOf, "its as-of date"
	if h.Type == soc.Type2 {
		from, what = h.PeriodEnd, "its period end"
	}
	if from.After(c.asOf) {
		c.add(FutureReport, h.Report, h.Pos, "the held %s's %s, %s, is after the as-of date %s: a report describes a date or period already past; check the date",
			name, strings.TrimPrefix(what, "its "), calendar.Day(from), calendar.Day(c.asOf))
		return
	}
	currentThrough := calendar.AddMonths(from, CurrentMonths)
	if c.asOf.After(currentThrough) {
		c.add(StaleReport, h.Report, h.Pos, "the held %s is stale: more than %d months have passed since %s, %s (current through %s); a new report is due",
			name, CurrentMonths, what, calendar.Day(from), calendar.Day(currentThrough))
		return
	}
	staleOn := currentThrough.AddDate(0, 0, 1)
	if days := calendar.DaysBetween(c.asOf, staleOn); days <= ExpiringWithinDays {
		c.add(ExpiringReport, h.Report, h.Pos, "the held %s is current through %s (%d months after %s, %s) and stale from %s, in %s; plan the next report",
			name, calendar.Day(currentThrough), CurrentMonths, what, calendar.Day(from), calendar.Day(staleOn), prose.Plural(days, "day"))
	}
	// Bridge letters go with SOC 1 and SOC 2 periods; a SOC 3's readers
	// are the public, and its SOC 2 carries the letter.
	if h.Type != soc.Type2 || !soc.HasType(h.Report) || !c.asOf.After(calendar.AddMonths(h.PeriodEnd, BridgeAfterMonths)) {
		return
	}
	if !h.BridgeLetterThrough.IsZero() && !h.BridgeLetterThrough.Before(c.asOf) {
		return
	}
	letter := "and no bridge letter is recorded (bridge_letter_through)"
	if !h.BridgeLetterThrough.IsZero() {
		letter = fmt.Sprintf("and its bridge letter ends %s", calendar.Day(h.BridgeLetterThrough))
	}
	c.add(BridgeLetterNeeded, h.Report, h.Pos, "the held %s period ended %s, more than %d months before %s, %s; ask for a bridge letter from the vendor's management covering the gap, or for the next report (bridge letters usually cover no more than %d months)",
		name, calendar.Day(h.PeriodEnd), BridgeAfterMonths, calendar.Day(c.asOf), letter, BridgeAfterMonths)
}

// unneeded reports each report held but not recommended, once, at its
// most recent entry.
func (c *checker) unneeded(d *engine.Decision) {
	for _, id := range soc.Reports {
		held := c.held(id)
		if len(held) == 0 || slices.ContainsFunc(d.Reports, func(r engine.Report) bool { return r.Report == id }) {
			continue
		}
		h := mostRecent(held)
		c.add(UnneededReport, id, h.Pos, "%s is held but not recommended for these answers", c.name(h.Report, h.Type))
	}
}

// drift compares the expect block, when there is one, with the decision.
func (c *checker) drift(d *engine.Decision) {
	exp := c.p.Expect
	if exp == nil {
		return
	}
	const hint = "; update expect if the change is intended"
	for _, id := range soc.Reports {
		ei := slices.IndexFunc(exp.Reports, func(e profile.ExpectedReport) bool { return e.Report == id })
		ri := slices.IndexFunc(d.Reports, func(r engine.Report) bool { return r.Report == id })
		switch {
		case ei < 0 && ri < 0:
		case ri < 0:
			e := exp.Reports[ei]
			c.add(ExpectationDrift, id, e.Pos, "expect lists %s, but the rules no longer recommend a %s%s", c.name(e.Report, e.Type), c.names.Name(id), hint)
		case ei < 0:
			r := d.Reports[ri]
			c.add(ExpectationDrift, id, exp.Pos, "the rules now recommend %s, which expect does not list%s", c.describe(r.Report, string(r.Type), r.Criteria), hint)
		default:
			e, r := exp.Reports[ei], d.Reports[ri]
			if e.Type != string(r.Type) || !slices.Equal(e.Criteria, r.Criteria) {
				c.add(ExpectationDrift, id, e.Pos, "expect lists %s, but the rules recommend %s%s",
					c.describe(e.Report, e.Type, e.Criteria), c.describe(r.Report, string(r.Type), r.Criteria), hint)
			}
		}
	}
}

// describe names a report with its criteria: "SOC 2 Type II (Security and
// Availability)".
func (c *checker) describe(report, typ string, criteria []string) string {
	if !soc.HasCriteria(report) {
		return c.name(report, typ)
	}
	return fmt.Sprintf("%s (%s)", c.name(report, typ), c.criteria(criteria))
}

// held returns the profile's entries for a report, in file order.
func (c *checker) held(report string) []profile.HeldReport {
	var out []profile.HeldReport
	for _, h := range c.p.Held {
		if h.Report == report {
			out = append(out, h)
		}
	}
	return out
}

// best picks the entry a recommendation is judged against when a report is
// held more than once (renewals): one of the recommended type or stronger
// if there is one, then the most recent, then the first in the file.
func best(held []profile.HeldReport, typ string) profile.HeldReport {
	meets := func(h profile.HeldReport) bool { return typ == soc.Type1 || h.Type == typ }
	out := held[0]
	for _, h := range held[1:] {
		switch {
		case meets(h) && !meets(out):
			out = h
		case meets(h) == meets(out) && covered(h).After(covered(out)):
			out = h
		}
	}
	return out
}

// mostRecent is the entry that speaks for the latest date, whatever its
// type; the first in the file on a tie.
func mostRecent(held []profile.HeldReport) profile.HeldReport {
	return best(held, soc.Type1) // every type meets type1: only the date decides
}

// covered is the date a report speaks for: the period end of a Type II,
// the as-of date of a Type I.
func covered(h profile.HeldReport) time.Time {
	if h.Type == soc.Type2 {
		return h.PeriodEnd
	}
	return h.AsOf
}
