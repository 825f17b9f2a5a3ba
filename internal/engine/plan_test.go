package engine_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
)

func day(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// milestone returns the plan's milestone with an id for a report, or fails.
func milestone(t *testing.T, d *engine.Decision, id, report string) engine.Milestone {
	t.Helper()
	if d.Plan == nil {
		t.Fatal("no plan")
	}
	i := slices.IndexFunc(d.Plan.Milestones, func(m engine.Milestone) bool { return m.ID == id && string(m.Report) == report })
	if i < 0 {
		t.Fatalf("no %s milestone for %s in %+v", id, report, d.Plan.Milestones)
	}
	return d.Plan.Milestones[i]
}

// soc1Answers are a first SOC 1 for customers whose fiscal year ends in
// fyEnd, with controls operating for months.
func soc1Answers(fyEnd string, months int) questionnaire.Answers {
	return questionnaire.Answers{
		"customer_requests": []string{"soc1"}, "services": []string{"payroll"}, "financial_reporting_impact": "yes",
		"sox_customers": "yes", "customer_fiscal_year_end": fyEnd, "customer_data": "no", "security_reviews": "no",
		"availability_commitments": "no", "processing_integrity": "no", "public_report": "no",
		"controls_operating_months": months, "first_examination": "yes", "deadline_months": 0, "type2_required": "yes",
		"customer_regions": []string{"us"}, "subservice_providers": "no", "significant_changes": "no",
	}
}

// A first SOC 1 period covers at least six months of customers' fiscal
// year, whatever month it ends in, leap years included; the bridge letter
// runs from the period end to the year-end.
func TestSOC1PeriodMeetsCustomersFiscalYear(t *testing.T) {
	rs := loadDefault(t)
	for _, tt := range []struct {
		fyEnd, asOf     string
		months          int
		start, end, fye string
	}{
		// Controls from 2026-10-29: six months from 2026-11-01 end
		// 2027-04-30, only four of the December year 2027; stretched to
		// end three months before the year-end, where a bridge letter
		// reaches it.
		{"dec", "2026-11-29", 1, "2026-11-01", "2027-09-30", "2027-12-31"},
		// A February year-end in a leap year: the year 2027-03-01 to
		// 2028-02-29; the period ends three months before it.
		{"feb", "2027-02-15", 1, "2027-02-01", "2027-11-30", "2028-02-29"},
		// Controls for eight months: the six months to the last month end
		// cover May to October of the December year 2026, two months from
		// its end.
		{"dec", "2026-11-29", 8, "2026-05-01", "2026-10-31", "2026-12-31"},
		// A June year-end: ending three months before 2027-06-30 makes a
		// period longer than twelve months from 2026-02-01: it starts
		// later.
		{"jun", "2026-02-15", 1, "2026-04-01", "2027-03-31", "2027-06-30"},
	} {
		d, err := rs.EvaluateAt(soc1Answers(tt.fyEnd, tt.months), engine.Situation{AsOf: day(t, tt.asOf)})
		if err != nil {
			t.Fatal(err)
		}
		p := milestone(t, d, "type2-period", "soc1")
		if p.Start != tt.start || p.End != tt.end {
			t.Errorf("%s year-end, as of %s: period %s to %s, want %s to %s", tt.fyEnd, tt.asOf, p.Start, p.End, tt.start, tt.end)
		}
		if b := milestone(t, d, "bridge-letter", "soc1"); b.End != tt.fye {
			t.Errorf("%s year-end: bridge letter to %s, want %s", tt.fyEnd, b.End, tt.fye)
		}
	}
}

// Answers given earlier are aged to the as-of day: controls have operated
// longer, the deadline keeps its date, a major change a year old is no
// longer recent.
func TestAgeAnswers(t *testing.T) {
	rs := loadDefault(t)
	given := questionnaire.Answers{"controls_operating_months": 4, "deadline_months": 6, "significant_changes": "yes"}
	aged, deadline := rs.Age(given, day(t, "2026-01-31"), day(t, "2026-06-30"))
	if calendar.Day(deadline) != "2026-07-31" {
		t.Errorf("deadline %s, want 2026-07-31, six months from the answers' day", calendar.Day(deadline))
	}
	// The deadline, 2026-07-31, is a month away.
	if aged["controls_operating_months"] != 9 || aged["deadline_months"] != 1 || aged["significant_changes"] != "yes" {
		t.Errorf("five months on: %v", aged)
	}
	aged, _ = rs.Age(given, day(t, "2026-01-31"), day(t, "2027-02-01"))
	if aged["controls_operating_months"] != 16 || aged["deadline_months"] != 0 || aged["significant_changes"] != "no" {
		t.Errorf("a year on, the deadline passed (no live deadline): %v", aged)
	}
	if got, _ := rs.Age(given, day(t, "2026-01-31"), day(t, "2026-02-27")); got["controls_operating_months"] != 4 || got["deadline_months"] != 6 {
		t.Errorf("less than a month on: %v", got)
	}
	if given["controls_operating_months"] != 4 {
		t.Error("Age changed the answers given")
	}
}

// For any answers and day, a plan's dates are in order: readiness before
// the period, the period at least the first period's months long (longer
// only for a SOC 1's fiscal year or a renewal), the report after it, the
// next period right after; an interim Type I reaches customers at least two
// months before the Type II; the deadline verdict agrees with the dates.
func TestPlanProperties(t *testing.T) {
	rs := loadDefault(t)
	rng := rand.New(rand.NewPCG(12, 29))
	for range 2000 {
		answers := rs.Questions.Sample(rng, nil)
		asOf := calendar.AddMonths(calendar.Date(2026, time.January, 1), rng.IntN(48)).AddDate(0, 0, rng.IntN(31))
		d, err := rs.EvaluateAt(answers, engine.Situation{AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		if d.Plan == nil {
			t.Fatal("no plan with a date and plan settings")
		}
		for _, r := range d.Reports {
			if r.Type == "" {
				continue
			}
			id := r.Report
			get := func(mid string) (engine.Milestone, bool) {
				i := slices.IndexFunc(d.Plan.Milestones, func(m engine.Milestone) bool { return m.ID == mid && string(m.Report) == id })
				if i < 0 {
					return engine.Milestone{}, false
				}
				return d.Plan.Milestones[i], true
			}
			period, ok1 := get("type2-period")
			report, ok2 := get("report")
			next, ok3 := get("renewal-period")
			if !ok1 || !ok2 || !ok3 {
				t.Fatalf("%v as of %s: %s lacks a period, report or renewal: %+v", answers, calendar.Day(asOf), id, d.Plan.Milestones)
			}
			start, end := day(t, period.Start), day(t, period.End)
			if start.Day() != 1 || !end.Equal(calendar.EndOfMonth(end)) {
				t.Errorf("%v as of %s: %s period %s to %s does not run from a month start to a month end", answers, calendar.Day(asOf), id, period.Start, period.End)
			}
			if calendar.AddMonths(start, 6).AddDate(0, 0, -1).After(end) {
				t.Errorf("%v as of %s: %s period %s to %s is shorter than six months", answers, calendar.Day(asOf), id, period.Start, period.End)
			}
			if calendar.AddMonths(start, 12).AddDate(0, 0, -1).Before(end) {
				t.Errorf("%v: %s period %s to %s is longer than twelve months", answers, id, period.Start, period.End)
			}
			if !day(t, report.Date).After(end) || day(t, next.Start) != end.AddDate(0, 0, 1) {
				t.Errorf("%v: %s report %s or next period %s out of order after %s", answers, id, report.Date, next.Start, period.End)
			}
			if ready, ok := get("readiness"); ok && day(t, ready.End).After(start) {
				t.Errorf("%v: readiness ends %s, after the period starts %s", answers, ready.End, period.Start)
			}
			if r.Interim != nil {
				// Two months sooner, in the whole months the rules read.
				t1, ok := get("type1-report")
				if !ok || calendar.MonthsUntil(asOf, day(t, t1.Date))+2 > calendar.MonthsUntil(asOf, day(t, report.Date)) {
					t.Errorf("%v as of %s: the %s Type I (%s) is not two months before the Type II report %s", answers, calendar.Day(asOf), id, t1.Date, report.Date)
				}
			}
		}
		if dl := d.Plan.Deadline; dl != nil {
			// A Type I counts unless a customer requires a Type II. The
			// reports that answer customers' requests count, each of them
			// (the last to come decides), when they name any planned;
			// else the first report of any. A passed deadline is never
			// met.
			answering := map[string]bool{}
			requests, _ := answers["customer_requests"].([]string)
			for _, r := range requests {
				if id, ok := map[string]string{"soc1": "soc1", "isae-3402": "soc1", "soc2": "soc2", "soc3": "soc2"}[r]; ok {
					answering[id] = true
				}
			}
			earliest := map[string]string{} // report: its first report that counts
			for _, m := range d.Plan.Milestones {
				counts := m.ID == "report" || m.ID == "type1-report" && answers["type2_required"] != "yes"
				if r := string(m.Report); counts && (earliest[r] == "" || m.Date < earliest[r]) {
					earliest[r] = m.Date
				}
			}
			first := ""
			named := answering["soc1"] && earliest["soc1"] != "" || answering["soc2"] && earliest["soc2"] != ""
			for r, day := range earliest {
				switch {
				case named && answering[r] && day > first:
					first = day
				case !named && (first == "" || day < first):
					first = day
				}
			}
			if dl.Met != (first <= dl.Date && dl.Date >= calendar.Day(asOf)) {
				t.Errorf("%v: deadline %s met=%v, first report %s", answers, dl.Date, dl.Met, first)
			}
			unmet := slices.ContainsFunc(d.Warnings, func(w engine.Warning) bool { return w.Code == engine.WarnDeadlineUnmet })
			if unmet == dl.Met {
				t.Errorf("%v: deadline met=%v, deadline-unmet warning %v", answers, dl.Met, unmet)
			}
		}
	}
}

// The catalog's plan settings are checked when the ruleset loads, each
// problem at its key.
func TestPlanSettingsProblems(t *testing.T) {
	catalog := string(fixtureFS(t, nil)["catalog.yaml"].Data) + `plan:
  readiness_months: {low: 2, typical: 1, high: 12}
  first_period_months: 6
  renewal_period_months: 12
  report_lag_months: {low: 3, high: 1}
  soc1_fiscal_year_overlap_months: 6
  bridge_letter_months: 3
  milestones:
    readiness: R
    type1-as-of: A
    type1-report: B
    type2-period: C
    report: D
    bridge-letter: E
    renewal-period: F
  sources: [fixtur]
`
	_, err := engine.Load(fixtureFS(t, map[string]string{"catalog.yaml": catalog}))
	for _, want := range []string{
		"plan.readiness_months: want 0 <= low <= typical <= high",
		"plan.report_lag_months: want 0 <= low <= high",
		`plan: sources: "fixtur" is not a source of sources.yaml (did you mean "fixture"?)`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v\nwant %s", err, want)
		}
	}
}

// Every report with a timeline has its plan variables, each one the
// questionnaire reserves for rules.
func TestTrackVarsArePlanVars(t *testing.T) {
	for _, id := range soc.Reports {
		if !soc.HasType(id) {
			continue
		}
		names, ok := engine.TrackVars(id)
		if !ok {
			t.Errorf("%s has no plan variables", id)
		}
		for _, n := range names {
			if !slices.Contains(questionnaire.PlanVars, n) {
				t.Errorf("%s: %s is not in questionnaire.PlanVars", id, n)
			}
		}
	}
}
