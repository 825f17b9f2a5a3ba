package engine

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
	"github.com/socpick/socpick/internal/strictyaml"
)

// PlanSettings are the durations a plan is built from, with their sources:
// the catalog's plan key. The rules decide; the plan only counts months
// from these.
type PlanSettings struct {
	// Readiness is how long a readiness assessment and putting controls
	// in place take when none operate yet; Typical is what the plan uses.
	Readiness PlanRange `yaml:"readiness_months,required"`
	// FirstPeriod is the first Type II period, in months.
	FirstPeriod int `yaml:"first_period_months,required"`
	// RenewalPeriod is every later period, back to back.
	RenewalPeriod int `yaml:"renewal_period_months,required"`
	// ReportLag is how long after a period end (or a Type I's date) the
	// report reaches customers; the plan promises only the high end.
	ReportLag Range `yaml:"report_lag_months,required"`
	// FiscalOverlap is how many months of customers' fiscal year a SOC 1
	// period covers at least.
	FiscalOverlap int `yaml:"soc1_fiscal_year_overlap_months,required"`
	// BridgeLetter is the longest a bridge letter usually covers.
	BridgeLetter int `yaml:"bridge_letter_months,required"`
	// Milestones are the texts of the milestones; "{report}" stands for
	// the report's name.
	Milestones MilestoneTexts `yaml:"milestones,required"`
	Cited      []*yaml.Node   `yaml:"sources,required"`
	Sources    []string       `yaml:"-"`
	KeyPos     map[string]strictyaml.Pos
}

// MilestoneTexts are the texts of the milestones, one per id of
// MilestoneIDs.
type MilestoneTexts struct {
	Readiness     string `yaml:"readiness,required"`
	Type1AsOf     string `yaml:"type1-as-of,required"`
	Type1Report   string `yaml:"type1-report,required"`
	Type2Period   string `yaml:"type2-period,required"`
	Report        string `yaml:"report,required"`
	BridgeLetter  string `yaml:"bridge-letter,required"`
	RenewalPeriod string `yaml:"renewal-period,required"`
}

// text is the text of the milestone with an id (a map made here would be
// made for every milestone of every plan).
func (m *MilestoneTexts) text(id string) string {
	switch id {
	case "readiness":
		return m.Readiness
	case "type1-as-of":
		return m.Type1AsOf
	case "type1-report":
		return m.Type1Report
	case "type2-period":
		return m.Type2Period
	case "report":
		return m.Report
	case "bridge-letter":
		return m.BridgeLetter
	case "renewal-period":
		return m.RenewalPeriod
	}
	return ""
}

// PlanRange is a low-high range with the value a plan uses.
type PlanRange struct {
	Low     int `yaml:"low,required"`
	Typical int `yaml:"typical,required"`
	High    int `yaml:"high,required"`
}

// MilestoneIDs are the ids of a plan's milestones, in the order a plan
// lists a report's.
var MilestoneIDs = []string{"readiness", "type1-as-of", "type1-report", "type2-period", "report", "bridge-letter", "renewal-period"}

// The answers a plan reads, when the questionnaire has them.
const (
	answerControlsMonths = "controls_operating_months"
	answerFirst          = "first_examination"
	answerDeadline       = "deadline_months"
	answerFiscalYearEnd  = "customer_fiscal_year_end"
	answerChanges        = "significant_changes"
	answerType2Required  = "type2_required"
	answerRequests       = "customer_requests"
)

// Situation is what an evaluation knows besides the answers: the day the
// advice is for, the day the answers were given, and the reports held.
type Situation struct {
	// AsOf is the plan's today. Zero: no plan is made (and the plan's
	// variables read 0).
	AsOf time.Time
	// AnsweredOn is the day the answers were true; zero means AsOf.
	// Time-based answers are aged from it to AsOf.
	AnsweredOn time.Time
	// Held are the reports the vendor holds.
	Held []Held
	// Deadline, when set, is the customers' date as first given (a caller
	// that aged the answers itself keeps it here); zero: the deadline
	// answer counts from AnsweredOn (or AsOf).
	Deadline time.Time
}

// Held is one report the vendor holds, as the plan reads it.
type Held struct {
	Report, Type string
	// PeriodEnd is a Type II's (or a SOC 3's) period end; AsOf a Type
	// I's date.
	PeriodEnd, AsOf time.Time
}

// Plan is the dated plan of a decision: its JSON and YAML form is the
// advice's "plan".
type Plan struct {
	AsOf       string      `json:"as_of" yaml:"as_of"`
	Milestones []Milestone `json:"milestones" yaml:"milestones"`
	Deadline   *Deadline   `json:"deadline" yaml:"deadline"`
}

// Milestone is one step of the plan: a span (Start, End) or a day (Date).
type Milestone struct {
	ID     string `json:"id" yaml:"id"`
	Report TypeID `json:"report" yaml:"report"`
	Type   TypeID `json:"type" yaml:"type"`
	Text   string `json:"text" yaml:"text"`
	Start  string `json:"start,omitempty" yaml:"start,omitempty"`
	End    string `json:"end,omitempty" yaml:"end,omitempty"`
	Date   string `json:"date,omitempty" yaml:"date,omitempty"`
}

// Deadline is the verdict on the customers' date.
type Deadline struct {
	Date string `json:"date" yaml:"date"`
	Met  bool   `json:"met" yaml:"met"`
	Text string `json:"text" yaml:"text"`
}

// track is one report's timeline.
type track struct {
	report  string
	renewal bool
	// readiness is set when no controls operate yet.
	readinessStart, readinessEnd time.Time
	start, end                   time.Time
	// reportBy is the slow end of the issuance lag after end; reportLow
	// the fast end.
	reportBy, reportLow time.Time
	// type1AsOf and type1By are a Type I's date and its report (slow end).
	type1AsOf, type1By time.Time
	// fiscalEnd is customers' fiscal year end a SOC 1 period is placed
	// against (zero when unknown).
	fiscalEnd time.Time
	// heldEnd is the period end of the Type II held, for a renewal (for a
	// SOC 2, a SOC 3's, which comes from a SOC 2 examination); heldType1
	// the date of a Type I held, for a first examination.
	heldEnd, heldType1 time.Time
	// heldReport is the period end of this report held as a Type II
	// (not a SOC 3 for a SOC 2): what customers can be given; heldSOC3 a
	// SOC 3's, for the SOC 2's track.
	heldReport, heldSOC3 time.Time
	// bridgeStart and bridgeEnd are a bridge letter's span, when one is
	// planned.
	bridgeStart, bridgeEnd time.Time
}

// aged returns the answers as of sit.AsOf when they were given earlier:
// controls have operated longer, a major change more than 12 months old is
// no longer recent, a deadline is nearer (whole months, at least one; 0
// once it has passed: no live deadline). It also returns the deadline's
// date (zero without one): a date, which does not move as the answers age.
func (rs *Ruleset) aged(answers questionnaire.Answers, sit Situation) (questionnaire.Answers, time.Time) {
	if sit.AsOf.IsZero() {
		return answers, time.Time{}
	}
	from := sit.AnsweredOn
	if from.IsZero() || from.After(sit.AsOf) {
		from = sit.AsOf
	}
	deadline := sit.Deadline
	if n, ok := answers[answerDeadline].(int); deadline.IsZero() && ok && n > 0 {
		deadline = calendar.AddMonthsDay(from, n)
	}
	elapsed := calendar.MonthsSince(from, sit.AsOf)
	out, cloned := answers, false
	set := func(k string, v any) {
		if out[k] == v {
			return
		}
		if !cloned {
			out, cloned = answers.Clone(), true
		}
		out[k] = v
	}
	if q := rs.Questions.Lookup(answerControlsMonths); q != nil && elapsed > 0 {
		if n, ok := out[answerControlsMonths].(int); ok && n > 0 {
			set(answerControlsMonths, min(n+elapsed, *q.Max))
		}
	}
	if !deadline.IsZero() {
		months := 0 // passed: no live deadline
		if !deadline.Before(sit.AsOf) {
			months = max(calendar.MonthsUntil(sit.AsOf, deadline), 1)
		}
		set(answerDeadline, months)
	}
	if out[answerChanges] == "yes" && elapsed >= 12 {
		set(answerChanges, "no")
	}
	return out, deadline
}

// Age returns answers given on answeredOn as they stand on asOf:
// controls have operated longer, a deadline is nearer (at least a month
// while it is not past, 0 once it has), a major change more than 12 months
// old is no longer recent; and the deadline's date, which does not move
// (zero without one). The answers are returned as they are when nothing
// changes.
func (rs *Ruleset) Age(answers questionnaire.Answers, answeredOn, asOf time.Time) (questionnaire.Answers, time.Time) {
	return rs.aged(answers, Situation{AsOf: asOf, AnsweredOn: answeredOn})
}

// tracks computes the timeline of each recommended report that has a
// type, from the aged answers held in env.
func (rs *Ruleset) tracks(env map[string]any, reports uint, sit Situation) []*track {
	ps := rs.Catalog.Plan
	if ps == nil || sit.AsOf.IsZero() {
		return nil
	}
	asOf := sit.AsOf
	months, _ := env[answerControlsMonths].(int)
	first := env[answerFirst] != "no"
	fy, _ := env[answerFiscalYearEnd].(string)
	var out []*track
	for i, id := range soc.Reports {
		if reports&(1<<i) == 0 || !soc.HasType(id) {
			continue
		}
		t := &track{report: id, heldReport: latestHeld(sit.Held, id, soc.Type2)}
		t.heldEnd = t.heldReport
		if id == soc.SOC2 { // a SOC 3 is issued from a SOC 2 examination
			t.heldSOC3 = latestHeld(sit.Held, soc.SOC3, "")
			if t.heldSOC3.After(t.heldEnd) {
				t.heldEnd = t.heldSOC3
			}
		}
		// A renewal is a report held over a period. Only when the
		// profile lists no report held does the answer decide, for every
		// report: a vendor that holds a SOC 1 examines its first SOC 2.
		t.renewal = !t.heldEnd.IsZero() || len(sit.Held) == 0 && !first
		switch {
		case t.renewal && !t.heldEnd.IsZero():
			t.start, t.end = t.heldEnd.AddDate(0, 0, 1), calendar.AddMonths(t.heldEnd, ps.RenewalPeriod)
			if t.end.Before(asOf) { // lapsed: the twelve months to the last month end
				t.end = calendar.LastMonthEnd(asOf)
				t.start = calendar.AddMonths(t.end.AddDate(0, 0, 1), -ps.RenewalPeriod)
			}
		case t.renewal:
			// A renewal whose last period the profile does not give: the
			// period that ends with the last month end, looking back over
			// the controls' operation (held reports date it instead).
			t.end = calendar.LastMonthEnd(asOf)
			t.start = calendar.AddMonths(t.end.AddDate(0, 0, 1), -min(max(months, ps.FirstPeriod), ps.RenewalPeriod))
		default:
			// Periods run from the first of a month to a month end, as
			// reports state them: from the first month start once the
			// controls operate, or the months ending with the last month
			// end when they have operated longer (a look-back period).
			controls := calendar.AddMonths(asOf, -months)
			if months == 0 {
				t.readinessStart, t.readinessEnd = asOf, calendar.AddMonthsDay(asOf, ps.Readiness.Typical)
				controls = t.readinessEnd
			}
			// A Type I held fixes the latest start: the period that
			// follows it starts by the Type I's month.
			t.heldType1 = latestHeld(sit.Held, id, soc.Type1)
			if !t.heldType1.IsZero() && t.heldType1.Before(controls) {
				controls = t.heldType1
			}
			t.start, t.end = firstPeriod(calendar.MonthStart(controls), ps)
			if last := calendar.LastMonthEnd(asOf); t.end.Before(last) {
				t.end = last
				t.start = calendar.AddMonths(t.end.AddDate(0, 0, 1), -ps.FirstPeriod)
			}
			if t.heldType1.IsZero() { // a Type I the plan may offer first
				t.type1AsOf = asOf
				if months == 0 {
					t.type1AsOf = t.readinessEnd
				}
				t.type1By = calendar.AddMonthsDay(t.type1AsOf, ps.ReportLag.High)
			}
		}
		if id == soc.SOC1 {
			t.fiscalEnd = fiscalYearEnd(fy, t.end)
			if !t.renewal && !t.fiscalEnd.IsZero() {
				t.placeInFiscalYear(ps)
				t.fiscalEnd = fiscalYearEnd(fy, t.end)
			}
		}
		t.reportBy = calendar.AddMonths(t.end, ps.ReportLag.High)
		t.reportLow = calendar.AddMonths(t.end, ps.ReportLag.Low)
		t.planBridge(asOf)
		out = append(out, t)
	}
	return out
}

// firstPeriod is a first Type II period from start: the first period's
// months, to a month end when start is a month start.
func firstPeriod(start time.Time, ps *PlanSettings) (time.Time, time.Time) {
	return start, calendar.AddMonths(start, ps.FirstPeriod).AddDate(0, 0, -1)
}

// planBridge plans the bridge letter customers need: for a SOC 1, from the
// period's end to their fiscal year-end (for a renewal, the held period's,
// when that year-end is still ahead); otherwise, for a renewal, from the
// held period's end to the next report.
func (t *track) planBridge(asOf time.Time) {
	switch {
	case t.report == soc.SOC1 && t.renewal && !t.heldEnd.IsZero() && !t.fiscalEnd.IsZero():
		if fye := fiscalYearEnd(monthName(t.fiscalEnd), t.heldEnd); fye.After(t.heldEnd) && !fye.Before(asOf) {
			t.bridgeStart, t.bridgeEnd = t.heldEnd.AddDate(0, 0, 1), fye
		}
	case !t.fiscalEnd.IsZero() && t.fiscalEnd.After(t.end):
		t.bridgeStart, t.bridgeEnd = t.end.AddDate(0, 0, 1), t.fiscalEnd
	case t.renewal && !t.heldEnd.IsZero() && t.start.Equal(t.heldEnd.AddDate(0, 0, 1)):
		t.bridgeStart, t.bridgeEnd = t.end.AddDate(0, 0, 1), t.reportBy
	}
}

// latestHeld is the latest period end (typ type2) or date (type1) of a
// report held; typ "" takes any type (a SOC 3's period end).
func latestHeld(held []Held, report, typ string) time.Time {
	var last time.Time
	for _, h := range held {
		if h.Report != report || typ != "" && h.Type != typ {
			continue
		}
		day := h.PeriodEnd
		if typ == soc.Type1 {
			day = h.AsOf
		}
		if day.After(last) {
			last = day
		}
	}
	return last
}

// placeInFiscalYear places a first SOC 1 period against customers'
// fiscal year: it covers at least FiscalOverlap months of the year it ends
// in, and ends no more than BridgeLetter months before that year-end (so a
// usual bridge letter reaches it), staying no longer than a renewal period
// (its start moves later when it would be).
func (t *track) placeInFiscalYear(ps *PlanSettings) {
	fyStart := calendar.AddMonths(t.fiscalEnd, -12).AddDate(0, 0, 1)
	end := t.end
	if overlapEnd := calendar.AddMonths(fyStart, ps.FiscalOverlap).AddDate(0, 0, -1); end.Before(overlapEnd) {
		end = overlapEnd
	}
	if near := calendar.AddMonths(t.fiscalEnd, -ps.BridgeLetter); end.Before(near) {
		end = near
	}
	t.end = end
	if earliest := calendar.AddMonths(t.end, -ps.RenewalPeriod).AddDate(0, 0, 1); earliest.After(t.start) {
		t.start = earliest
	}
}

// monthName is the month id ("jan" to "dec") of t.
func monthName(t time.Time) string {
	return strings.ToLower(t.Month().String()[:3])
}

// fiscalYearEnd is the end of customers' fiscal year (a month id, "jan"
// to "dec") on or after day, or zero when the month is not known.
func fiscalYearEnd(month string, day time.Time) time.Time {
	months := []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	i := slices.Index(months, month)
	if i < 0 {
		return time.Time{}
	}
	end := calendar.EndOfMonth(calendar.Date(day.Year(), time.Month(i+1), 1))
	if end.Before(day) {
		end = calendar.EndOfMonth(calendar.Date(day.Year()+1, time.Month(i+1), 1))
	}
	return end
}

// The values of the socN_held plan variables: what of a report is held.
const (
	heldNone  = 0
	heldType1 = 1
	heldType2 = 2
)

// trackVars name the plan variables of each report with a timeline
// (questionnaire.PlanVars lists them all).
var trackVars = map[string]struct{ held, type1, type2 string }{
	soc.SOC1: {"soc1_held", "soc1_type1_months", "soc1_type2_months"},
	soc.SOC2: {"soc2_held", "soc2_type1_months", "soc2_type2_months"},
}

// setPlanVars sets the plan's variables in env: whole months from the
// advice's date until each report's Type II report, and until a first
// Type I report when the plan can offer one (0 when it cannot: a renewal,
// or a Type I already held); the months of the SOC 1's bridge letter (0
// without one); what of each report is held.
func setPlanVars(env map[string]any, tracks []*track, asOf time.Time) {
	for _, name := range questionnaire.PlanVars {
		env[name] = 0
	}
	if env[answerFirst] == "no" { // the answer, where the plan says nothing (as tracks reads it)
		env["soc1_held"], env["soc2_held"] = heldType2, heldType2
	}
	for _, t := range tracks {
		names := trackVars[t.report]
		switch {
		case t.renewal:
			env[names.held] = heldType2
		case !t.heldType1.IsZero():
			env[names.held] = heldType1
		default:
			env[names.held] = heldNone
		}
		env[names.type2] = calendar.MonthsUntil(asOf, t.reportBy)
		if t.report == soc.SOC1 && !t.bridgeEnd.IsZero() {
			env["soc1_bridge_months"] = calendar.MonthsUntil(t.bridgeStart.AddDate(0, 0, -1), t.bridgeEnd)
		}
		if !t.type1By.IsZero() {
			months := calendar.MonthsUntil(asOf, t.type1By)
			env[names.type1] = months
			if m, _ := env["type1_months"].(int); m == 0 || months < m {
				env["type1_months"] = months // the first of any report's
			}
		}
	}
}

// plan lays out the milestones of the decision's reports, the deadline
// verdict, and the estimates' months; it adds a deadline-unmet warning and
// says an unmet deadline in the summary.
func (rs *Ruleset) plan(d *Decision, env map[string]any, tracks []*track, sit Situation, deadline time.Time) {
	ps := rs.Catalog.Plan
	if ps == nil || sit.AsOf.IsZero() {
		return
	}
	p := &Plan{AsOf: calendar.Day(sit.AsOf), Milestones: []Milestone{}}
	name := rs.Catalog.Name
	add := func(id, report, typ string, start, end, date time.Time) {
		m := Milestone{ID: id, Report: TypeID(report), Type: TypeID(typ), Text: strings.ReplaceAll(ps.Milestones.text(id), "{report}", name(report))}
		if !date.IsZero() {
			m.Date = calendar.Day(date)
		} else {
			m.Start, m.End = calendar.Day(start), calendar.Day(end)
		}
		p.Milestones = append(p.Milestones, m)
	}
	readiness := false
	for _, t := range tracks {
		if !t.readinessEnd.IsZero() && !readiness { // one readiness for all reports
			add("readiness", "", "", t.readinessStart, t.readinessEnd, time.Time{})
			readiness = true
		}
		if t.interim(d) {
			add("type1-as-of", t.report, soc.Type1, time.Time{}, time.Time{}, t.type1AsOf)
			add("type1-report", t.report, soc.Type1, time.Time{}, time.Time{}, t.type1By)
		}
		add("type2-period", t.report, soc.Type2, t.start, t.end, time.Time{})
		add("report", t.report, soc.Type2, time.Time{}, time.Time{}, t.reportBy)
		if !t.bridgeEnd.IsZero() {
			add("bridge-letter", t.report, soc.Type2, t.bridgeStart, t.bridgeEnd, time.Time{})
		}
		add("renewal-period", t.report, soc.Type2, t.end.AddDate(0, 0, 1), calendar.AddMonths(t.end, ps.RenewalPeriod), time.Time{})
	}
	d.Plan = p
	rs.planEstimates(d, tracks, sit.AsOf)
	if deadline.IsZero() || len(tracks) == 0 {
		return
	}
	p.Deadline = rs.verdict(d, env, tracks, sit.AsOf, deadline)
	if !p.Deadline.Met {
		d.Warnings = append(d.Warnings, Warning{Code: WarnDeadlineUnmet, Text: p.Deadline.Text, Answers: []string{answerDeadline}, Sources: ps.Sources})
		if deadline.Before(sit.AsOf) {
			d.Summary += fmt.Sprintf("; the deadline of %s has passed", p.Deadline.Date)
		} else {
			d.Summary += fmt.Sprintf("; the deadline of %s cannot be met", p.Deadline.Date)
		}
	}
}

// DeadlineVerdict is the plan's verdict on the customers' date, as rule
// tests write it: "met", "unmet", or "none" without a deadline (or a plan).
func (d *Decision) DeadlineVerdict() string {
	switch {
	case d.Plan == nil || d.Plan.Deadline == nil:
		return "none"
	case d.Plan.Deadline.Met:
		return "met"
	}
	return "unmet"
}

// interim reports whether the decision gives t's report a Type I first
// that the plan can date.
func (t *track) interim(d *Decision) bool {
	return !t.type1By.IsZero() && slices.ContainsFunc(d.Reports, func(r Report) bool { return r.Report == t.report && r.Interim != nil })
}

// verdict judges the customers' date: met when a report that counts is in
// their hands by then. A Type II counts; a Type I counts only when no
// Type II is required; a current report held counts for a renewal. When
// customers asked for some of the reports planned, those count, each of
// them: a SOC 2 does not answer a request for a SOC 1, and a SOC 1 asked
// for is not served by the SOC 2 another customer asked for.
func (rs *Ruleset) verdict(d *Decision, env map[string]any, tracks []*track, asOf, deadline time.Time) *Deadline {
	name := rs.Catalog.Name
	dl := &Deadline{Date: calendar.Day(deadline)}
	if deadline.Before(asOf) {
		dl.Text = fmt.Sprintf("The customers' date, %s, has passed. Agree a new date with them, and answer the deadline again from today.", dl.Date)
		return dl
	}
	type2Only := env[answerType2Required] == "yes"
	judged, named := requested(env, tracks)
	// Over the reports judged: with reports named, the one that comes
	// last decides; else the first that comes.
	var e, decides earliest
	var held []earliest // the judged reports given from a report held
	for i, t := range judged {
		te := rs.earliest(d, t, asOf, deadline, type2Only, env)
		if !te.since.IsZero() && te.first.Equal(asOf) {
			held = append(held, te)
		}
		later := te.first.After(decides.first) ||
			te.first.Equal(decides.first) && te.since.Before(decides.since) // two held: the older decides
		if i == 0 || named && later || !named && te.first.Before(decides.first) {
			decides = te
		}
		if !named && !te.type1.IsZero() && (e.type1.IsZero() || te.type1.Before(e.type1)) {
			e.type1, e.type1Name = te.type1, te.type1Name
		}
	}
	if !named {
		decides.type1, decides.type1Name = e.type1, e.type1Name
	}
	first, firstName, type1, type1Name := decides.first, decides.firstName, decides.type1, decides.type1Name
	if dl.Met = !first.After(deadline); dl.Met {
		if first.Equal(asOf) {
			dl.Text = fmt.Sprintf("Customers need a report by %s: the %s is in hand; give them a bridge letter for the time since.", dl.Date, firstName)
			// Each report given from one held: its letter to the date.
			for _, h := range held {
				if bl, months := rs.Catalog.Plan.BridgeLetter, calendar.MonthsUntil(h.since, deadline); months > bl {
					dl.Text += fmt.Sprintf(" By then the %s's bridge letter would cover %s, more than the %s one usually covers: expect customers and their auditors to ask for more, or for the next report.",
						h.held, prose.Plural(months, "month"), prose.Plural(bl, "month"))
				}
			}
		} else {
			dl.Text = fmt.Sprintf("Customers need a report by %s: the %s can reach them by %s at the latest.", dl.Date, firstName, calendar.Day(first))
		}
		return dl
	}
	late := calendar.MonthsUntil(deadline, first)
	what := "no report can reach them by then"
	switch {
	case named && type2Only:
		what = fmt.Sprintf("no %s %s, which they asked for and require, can reach them by then", name(decides.report), name(soc.Type2))
	case named:
		what = fmt.Sprintf("no %s, which they asked for, can reach them by then", name(decides.report))
	case type2Only:
		what = "no Type II, which a customer requires, can reach them by then"
	}
	dl.Text = fmt.Sprintf("Customers need a report by %s, and %s: the earliest, the %s, comes by %s, %s late.",
		dl.Date, what, firstName, calendar.Day(first), lateness(deadline, first, late))
	switch {
	case type1.IsZero() || !type1.Before(first):
	case !type1.After(deadline):
		dl.Text += fmt.Sprintf(" Meanwhile the %s can reach them by %s.", type1Name, calendar.Day(type1))
	default:
		dl.Text += fmt.Sprintf(" The %s could come sooner, by %s.", type1Name, calendar.Day(type1))
	}
	dl.Text += " Agree a later date with them; meanwhile, share " + meanwhile(judged, asOf) + "."
	return dl
}

// earliest is what one report's timeline can give customers soonest: the
// first report that counts towards their date, and the first Type I that
// does not (a Type II is required, or the Type I is not advised).
type earliest struct {
	report               string
	first, type1         time.Time
	firstName, type1Name string
	// since is the end of the period (or the date) of the report held
	// that counts, when first is one held, and held its name.
	since time.Time
	held  string
}

func (rs *Ruleset) earliest(d *Decision, t *track, asOf, deadline time.Time, type2Only bool, env map[string]any) earliest {
	name := rs.Catalog.Name
	e := earliest{report: t.report}
	asked, _ := env[answerRequests].([]string)
	consider := func(day time.Time, what string, counts bool, since time.Time, held string) {
		if !counts {
			if e.type1.IsZero() || day.Before(e.type1) {
				e.type1, e.type1Name = day, what
			}
			return
		}
		if e.first.IsZero() || day.Before(e.first) {
			e.first, e.firstName, e.since, e.held = day, what, since, held
		}
	}
	if !t.heldReport.IsZero() && !deadline.After(calendar.AddMonths(t.heldReport, soc.CurrentMonths)) {
		consider(asOf, fmt.Sprintf("%s %s you hold (its period ended %s)", name(t.report), name(soc.Type2), calendar.Day(t.heldReport)), true, t.heldReport, name(t.report))
	}
	// A SOC 3 held is what customers who asked for a SOC 3, and not for a
	// SOC 2, can be given.
	if t.report == soc.SOC2 && slices.Contains(asked, soc.SOC3) && !slices.Contains(asked, soc.SOC2) &&
		!t.heldSOC3.IsZero() && !deadline.After(calendar.AddMonths(t.heldSOC3, soc.CurrentMonths)) {
		consider(asOf, fmt.Sprintf("%s you hold (its period ended %s)", name(soc.SOC3), calendar.Day(t.heldSOC3)), true, t.heldSOC3, name(soc.SOC3))
	}
	if !t.heldType1.IsZero() && !deadline.After(calendar.AddMonths(t.heldType1, soc.CurrentMonths)) {
		consider(asOf, fmt.Sprintf("%s %s you hold (as of %s)", name(t.report), name(soc.Type1), calendar.Day(t.heldType1)), !type2Only, t.heldType1, name(t.report))
	}
	switch {
	case t.interim(d):
		consider(t.type1By, name(t.report)+" "+name(soc.Type1), !type2Only, time.Time{}, "")
	case !t.type1By.IsZero(): // not advised, but a way to show the design sooner
		consider(t.type1By, name(t.report)+" "+name(soc.Type1)+" on the design of your controls", false, time.Time{}, "")
	}
	consider(t.reportBy, name(t.report)+" "+name(soc.Type2), true, time.Time{}, "")
	return e
}

// answeredBy is the planned report that answers a customer request: a
// SOC 1 answers an ISAE 3402 request (its international counterpart, often
// one combined report), the SOC 2 a SOC 3 request (issued from the SOC 2
// examination). A bare "SSAE 18" request names neither.
var answeredBy = map[string]string{"soc1": soc.SOC1, "isae-3402": soc.SOC1, "soc2": soc.SOC2, "soc3": soc.SOC2}

// requested returns the tracks of the reports that answer what customers
// asked for, and true; or all of them and false when no request names a
// planned report.
func requested(env map[string]any, tracks []*track) ([]*track, bool) {
	asked, _ := env[answerRequests].([]string)
	var out []*track
	for _, t := range tracks {
		if slices.ContainsFunc(asked, func(r string) bool { return answeredBy[r] == t.report }) {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return tracks, false
	}
	return out, true
}

// lateness says how late a report is: "5 days", "up to 3 months".
func lateness(deadline, day time.Time, months int) string {
	if days := calendar.DaysBetween(deadline, day); days < 31 {
		return prose.Plural(days, "day")
	}
	return "up to " + prose.Plural(months, "month")
}

// meanwhile says what a vendor can share before its first report: a
// current report held first, whichever report it is.
func meanwhile(tracks []*track, asOf time.Time) string {
	for _, t := range tracks {
		if !t.heldEnd.IsZero() && !asOf.After(calendar.AddMonths(t.heldEnd, soc.CurrentMonths)) {
			return "your current report with a bridge letter covering the time since its period ended"
		}
	}
	for _, t := range tracks {
		switch {
		case t.renewal && !t.heldEnd.IsZero() && asOf.After(calendar.AddMonths(t.heldEnd, soc.CurrentMonths)):
			return "a letter from your management on your controls and the examination under way: the report you hold ended its period more than twelve months ago, past what a bridge letter covers"
		case t.renewal:
			return "your current report with a bridge letter covering the time since its period ended"
		case !t.heldType1.IsZero():
			return "the Type I you hold, with a bridge letter covering the time since its date"
		case t.readinessEnd.IsZero():
			return "the date the report is due, and your answers to their security questionnaire"
		}
	}
	return "where your readiness work stands and your answers to their security questionnaire"
}

// planEstimates replaces the catalog's months with the plan's: from the
// advice's date to the report, at the fast and the slow end of the lag
// (and of readiness, when it comes first).
func (rs *Ruleset) planEstimates(d *Decision, tracks []*track, asOf time.Time) {
	ps := rs.Catalog.Plan
	for i := range d.Estimates {
		e := &d.Estimates[i]
		ti := slices.IndexFunc(tracks, func(t *track) bool { return t.report == e.Report })
		if ti < 0 {
			continue
		}
		t := tracks[ti]
		readinessLow, readinessHigh := 0, 0
		if !t.readinessEnd.IsZero() {
			readinessLow, readinessHigh = ps.Readiness.Low-ps.Readiness.Typical, ps.Readiness.High-ps.Readiness.Typical
		}
		switch e.Type {
		case soc.Type2:
			e.Months = Range{Low: max(calendar.MonthsUntil(asOf, t.reportLow)+readinessLow, 0), High: calendar.MonthsUntil(asOf, t.reportBy) + readinessHigh}
		case soc.Type1:
			if !t.type1By.IsZero() {
				e.Months = Range{Low: max(calendar.MonthsUntil(asOf, calendar.AddMonths(t.type1AsOf, ps.ReportLag.Low))+readinessLow, 0), High: calendar.MonthsUntil(asOf, t.type1By) + readinessHigh}
			}
		}
	}
}

// checkPlan checks the catalog's plan settings: durations that make a
// plan, a text for every milestone, sources that exist.
func (c *Catalog) checkPlan(probs *strictyaml.Problems, sources *Sources) {
	ps := c.Plan
	if ps == nil {
		return
	}
	// Each at its key; a key that is missing is reported as such.
	at := func(key string) (strictyaml.Pos, bool) {
		pos, ok := ps.KeyPos[key]
		return pos, ok
	}
	if pos, ok := at("readiness_months"); ok {
		if r := ps.Readiness; r.Low < 0 || r.Low > r.Typical || r.Typical > r.High || r.High == 0 {
			probs.Add(pos, "plan.readiness_months: want 0 <= low <= typical <= high, high above 0")
		}
	}
	if pos, ok := at("first_period_months"); ok && (ps.FirstPeriod < 1 || ps.FirstPeriod > 12) {
		probs.Add(pos, "plan.first_period_months: want 1 to 12")
	}
	if pos, ok := at("renewal_period_months"); ok && (ps.RenewalPeriod < ps.FirstPeriod || ps.RenewalPeriod > 24) {
		probs.Add(pos, "plan.renewal_period_months: want first_period_months to 24")
	}
	if pos, ok := at("report_lag_months"); ok && (ps.ReportLag.Low < 0 || ps.ReportLag.Low > ps.ReportLag.High) {
		probs.Add(pos, "plan.report_lag_months: want 0 <= low <= high")
	}
	if pos, ok := at("soc1_fiscal_year_overlap_months"); ok && (ps.FiscalOverlap < 0 || ps.FiscalOverlap > 12) {
		probs.Add(pos, "plan.soc1_fiscal_year_overlap_months: want 0 to 12")
	}
	if pos, ok := at("bridge_letter_months"); ok && (ps.BridgeLetter < 0 || ps.BridgeLetter > 12) {
		probs.Add(pos, "plan.bridge_letter_months: want 0 to 12")
	}
	for _, id := range MilestoneIDs {
		if strings.TrimSpace(ps.Milestones.text(id)) == "" {
			probs.Add(ps.KeyPos["milestones"], "plan.milestones: %s needs a text", id)
		}
	}
	ps.Sources = sources.CheckCitations(probs, "plan", ps.Cited)
}

// TypeIIDue is the day a Type II report is due after a Type I as of
// type1AsOf, as a plan dates it: its period starts by the month start after
// the Type I's date,
// runs the first period's months, and the report follows at the slow end
// of the lag. False without plan settings.
func (c *Catalog) TypeIIDue(type1AsOf time.Time) (time.Time, bool) {
	if c.Plan == nil {
		return time.Time{}, false
	}
	_, end := firstPeriod(calendar.MonthStart(type1AsOf), c.Plan)
	return calendar.AddMonths(end, c.Plan.ReportLag.High), true
}
