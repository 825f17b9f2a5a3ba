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

// text is the text of the milestone with an id.
func (m *MilestoneTexts) text(id string) string {
	return map[string]string{
		"readiness": m.Readiness, "type1-as-of": m.Type1AsOf, "type1-report": m.Type1Report, "type2-period": m.Type2Period,
		"report": m.Report, "bridge-letter": m.BridgeLetter, "renewal-period": m.RenewalPeriod,
	}[id]
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
}

// aged returns the answers as of sit.AsOf when they were given earlier:
// controls have operated longer, a deadline is nearer (at least a month
// while it is not past), a major change more than 12 months old is no
// longer recent. It also returns the deadline's date (zero without one).
func (rs *Ruleset) aged(answers questionnaire.Answers, sit Situation) (questionnaire.Answers, time.Time) {
	if sit.AsOf.IsZero() {
		return answers, time.Time{}
	}
	from := sit.AnsweredOn
	if from.IsZero() || from.After(sit.AsOf) {
		from = sit.AsOf
	}
	var deadline time.Time
	if n, ok := answers[answerDeadline].(int); ok && n > 0 {
		deadline = calendar.AddMonths(from, n)
	}
	elapsed := 0
	for !calendar.AddMonths(from, elapsed+1).After(sit.AsOf) {
		elapsed++
	}
	if elapsed == 0 {
		return answers, deadline
	}
	out := answers.Clone()
	if q := rs.Questions.Lookup(answerControlsMonths); q != nil {
		if n, ok := out[answerControlsMonths].(int); ok && n > 0 {
			out[answerControlsMonths] = min(n+elapsed, *q.Max)
		}
	}
	if !deadline.IsZero() {
		out[answerDeadline] = max(calendar.MonthsUntil(sit.AsOf, deadline), 1)
	}
	if out[answerChanges] == "yes" && elapsed >= 12 {
		out[answerChanges] = "no"
	}
	return out, deadline
}

// Age returns answers given on answeredOn as they stand on asOf:
// controls have operated longer, a deadline is nearer (at least a month
// while it is not past), a major change more than 12 months old is no
// longer recent. The answers are returned as they are when no whole month
// has passed.
func (rs *Ruleset) Age(answers questionnaire.Answers, answeredOn, asOf time.Time) questionnaire.Answers {
	aged, _ := rs.aged(answers, Situation{AsOf: asOf, AnsweredOn: answeredOn})
	return aged
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
		t := &track{report: id}
		held := latestPeriodEnd(sit.Held, id)
		t.renewal = !first || !held.IsZero()
		switch {
		case t.renewal && !held.IsZero():
			t.start, t.end = held.AddDate(0, 0, 1), calendar.AddMonths(held, ps.RenewalPeriod)
			if t.end.Before(asOf) { // lapsed: the twelve months to the last month end
				t.end = lastMonthEnd(asOf)
				t.start = calendar.AddMonths(t.end.AddDate(0, 0, 1), -ps.RenewalPeriod)
			}
		case t.renewal:
			// A renewal whose last period the profile does not give: the
			// period that ends with the last month end, looking back over
			// the controls' operation (held reports date it instead).
			t.end = lastMonthEnd(asOf)
			t.start = calendar.AddMonths(t.end.AddDate(0, 0, 1), -min(max(months, ps.FirstPeriod), ps.RenewalPeriod))
		default:
			// Periods run from the first of a month to a month end, as
			// reports state them: from the first month start once the
			// controls operate, or the months ending with the last month
			// end when they have operated longer (a look-back period).
			controls := calendar.AddMonths(asOf, -months)
			if months == 0 {
				t.readinessStart, t.readinessEnd = asOf, calendar.AddMonths(asOf, ps.Readiness.Typical)
				controls = t.readinessEnd
			}
			t.start = monthStart(controls)
			t.end = calendar.AddMonths(t.start, ps.FirstPeriod).AddDate(0, 0, -1)
			if last := lastMonthEnd(asOf); t.end.Before(last) {
				t.end = last
				t.start = calendar.AddMonths(t.end.AddDate(0, 0, 1), -ps.FirstPeriod)
			}
			t.type1AsOf = asOf
			if months == 0 {
				t.type1AsOf = t.readinessEnd
			}
			t.type1By = calendar.AddMonths(t.type1AsOf, ps.ReportLag.High)
		}
		if id == soc.SOC1 {
			t.fiscalEnd = fiscalYearEnd(fy, t.end)
			if !t.renewal && !t.fiscalEnd.IsZero() {
				t.placeInFiscalYear(ps)
			}
		}
		t.reportBy = calendar.AddMonths(t.end, ps.ReportLag.High)
		t.reportLow = calendar.AddMonths(t.end, ps.ReportLag.Low)
		out = append(out, t)
	}
	return out
}

// monthStart is t when it is the first of a month, else the first of the
// next month.
func monthStart(t time.Time) time.Time {
	if t.Day() == 1 {
		return t
	}
	return calendar.EndOfMonth(t).AddDate(0, 0, 1)
}

// lastMonthEnd is t when it is a month end, else the end of the month
// before.
func lastMonthEnd(t time.Time) time.Time {
	if t.Equal(calendar.EndOfMonth(t)) {
		return t
	}
	return calendar.Date(t.Year(), t.Month(), 1).AddDate(0, 0, -1)
}

// placeInFiscalYear extends a first SOC 1 period so that it covers at
// least FiscalOverlap months of the customers' fiscal year it ends in,
// keeping it no longer than a renewal period.
func (t *track) placeInFiscalYear(ps *PlanSettings) {
	fyStart := calendar.AddMonths(t.fiscalEnd, -12).AddDate(0, 0, 1)
	from := t.start
	if fyStart.After(from) {
		from = fyStart
	}
	if !calendar.AddMonths(from, ps.FiscalOverlap).After(t.end.AddDate(0, 0, 1)) {
		return
	}
	t.end = calendar.AddMonths(fyStart, ps.FiscalOverlap).AddDate(0, 0, -1)
	if earliest := calendar.AddMonths(t.end, -ps.RenewalPeriod).AddDate(0, 0, 1); earliest.After(t.start) {
		t.start = earliest
	}
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

// latestPeriodEnd is the latest period end of a held Type II of report.
func latestPeriodEnd(held []Held, report string) time.Time {
	var end time.Time
	for _, h := range held {
		if h.Report == report && h.Type == soc.Type2 && h.PeriodEnd.After(end) {
			end = h.PeriodEnd
		}
	}
	return end
}

// setPlanVars sets the plan's variables in env: whole months from the
// advice's date until the first Type I report and each report's Type II
// report.
func setPlanVars(env map[string]any, tracks []*track, asOf time.Time) {
	for _, name := range questionnaire.PlanVars {
		env[name] = 0
	}
	for _, t := range tracks {
		env[t.report+"_type2_months"] = calendar.MonthsUntil(asOf, t.reportBy)
		if !t.type1By.IsZero() {
			env["type1_months"] = calendar.MonthsUntil(asOf, t.type1By)
		}
	}
}

// plan lays out the milestones of the decision's reports, the deadline
// verdict, and the estimates' months; it adds a deadline-unmet warning and
// says an unmet deadline in the summary.
func (rs *Ruleset) plan(d *Decision, tracks []*track, sit Situation, deadline time.Time) {
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
	// first is the earliest report any track puts in customers' hands.
	var first time.Time
	var firstName string
	for _, t := range tracks {
		interim := slices.ContainsFunc(d.Reports, func(r Report) bool { return r.Report == t.report && r.Interim != nil })
		if !t.readinessEnd.IsZero() {
			add("readiness", "", "", t.readinessStart, t.readinessEnd, time.Time{})
		}
		if interim {
			add("type1-as-of", t.report, soc.Type1, time.Time{}, time.Time{}, t.type1AsOf)
			add("type1-report", t.report, soc.Type1, time.Time{}, time.Time{}, t.type1By)
			if first.IsZero() || t.type1By.Before(first) {
				first, firstName = t.type1By, name(t.report)+" "+name(soc.Type1)
			}
		}
		add("type2-period", t.report, soc.Type2, t.start, t.end, time.Time{})
		add("report", t.report, soc.Type2, time.Time{}, time.Time{}, t.reportBy)
		if first.IsZero() || t.reportBy.Before(first) {
			first, firstName = t.reportBy, name(t.report)+" "+name(soc.Type2)
		}
		if !t.fiscalEnd.IsZero() && t.fiscalEnd.After(t.end) {
			add("bridge-letter", t.report, soc.Type2, t.end.AddDate(0, 0, 1), t.fiscalEnd, time.Time{})
		}
		next := t.end.AddDate(0, 0, 1)
		add("renewal-period", t.report, soc.Type2, next, calendar.AddMonths(t.end, ps.RenewalPeriod), time.Time{})
	}
	d.Plan = p
	rs.planEstimates(d, tracks, sit.AsOf)
	if deadline.IsZero() || first.IsZero() {
		return
	}
	dl := &Deadline{Date: calendar.Day(deadline), Met: !first.After(deadline)}
	switch {
	case dl.Met:
		dl.Text = fmt.Sprintf("Customers need a report by %s: the %s can reach them by %s at the latest.", dl.Date, firstName, calendar.Day(first))
	default:
		late := calendar.MonthsUntil(deadline, first)
		dl.Text = fmt.Sprintf("Customers need a report by %s, and no report can reach them by then: the earliest, the %s, comes by %s, up to %s late.",
			dl.Date, firstName, calendar.Day(first), prose.Plural(late, "month"))
		for _, t := range tracks {
			if !t.type1By.IsZero() && t.type1By.Before(first) && !slices.ContainsFunc(d.Reports, func(r Report) bool { return r.Interim != nil }) {
				dl.Text += fmt.Sprintf(" A %s Type I on the design of your controls could come by %s, once they are in place.", name(t.report), calendar.Day(t.type1By))
				break
			}
		}
		dl.Text += " Agree a later date with them; meanwhile, share " + meanwhile(tracks) + "."
		d.Warnings = append(d.Warnings, Warning{Code: WarnDeadlineUnmet, Text: dl.Text, Answers: []string{answerDeadline}, Sources: ps.Sources})
		d.Summary += fmt.Sprintf("; the deadline of %s cannot be met", dl.Date)
	}
	p.Deadline = dl
}

// meanwhile says what a vendor can share before its first report.
func meanwhile(tracks []*track) string {
	for _, t := range tracks {
		if t.renewal {
			return "your current report with a bridge letter covering the time since its period ended"
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
	pos := c.KeyPos["plan"]
	if r := ps.Readiness; r.Low < 0 || r.Low > r.Typical || r.Typical > r.High || r.High == 0 {
		probs.Add(pos, "plan.readiness_months: want 0 <= low <= typical <= high, high above 0")
	}
	if ps.FirstPeriod < 1 || ps.RenewalPeriod < ps.FirstPeriod || ps.RenewalPeriod > 24 {
		probs.Add(pos, "plan: want 1 <= first_period_months <= renewal_period_months <= 24")
	}
	if ps.ReportLag.Low < 0 || ps.ReportLag.Low > ps.ReportLag.High {
		probs.Add(pos, "plan.report_lag_months: want 0 <= low <= high")
	}
	if ps.FiscalOverlap < 0 || ps.FiscalOverlap > 12 || ps.BridgeLetter < 0 {
		probs.Add(pos, "plan: want soc1_fiscal_year_overlap_months from 0 to 12, bridge_letter_months not negative")
	}
	for _, id := range MilestoneIDs {
		if strings.TrimSpace(ps.Milestones.text(id)) == "" {
			probs.Add(ps.KeyPos["milestones"], "plan.milestones: %s needs a text", id)
		}
	}
	ps.Sources = sources.CheckCitations(probs, "plan", ps.Cited)
}

// TypeIIDue is the day a Type II report is due after a Type I as of
// type1AsOf: its period starts that day at the latest, runs the first
// period's months, and the report follows at the slow end of the lag.
// False without plan settings.
func (c *Catalog) TypeIIDue(type1AsOf time.Time) (time.Time, bool) {
	if c.Plan == nil {
		return time.Time{}, false
	}
	return calendar.AddMonths(type1AsOf, c.Plan.FirstPeriod+c.Plan.ReportLag.High), true
}
