package engine_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/rules"
)

func loadDefault(t testing.TB) *engine.Ruleset {
	t.Helper()
	rs, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatalf("loading the default ruleset: %v", err)
	}
	return rs
}

// base is a vendor that needs nothing: every case below says what differs.
func base() questionnaire.Answers {
	return questionnaire.Answers{
		"services":                   []string{"other"},
		"financial_reporting_impact": "no",
		"sox_customers":              "no",
		"customer_data":              "no",
		"security_reviews":           "no",
		"availability_commitments":   "no",
		"processing_integrity":       "no",
		"public_report":              "no",
		"controls_operating_months":  12,
		"first_examination":          "no",
		"deadline_months":            0,
		"type2_required":             "no",
		"customer_regions":           []string{"us"},
		"subservice_providers":       "no",
		"significant_changes":        "no",
	}
}

func with(overrides questionnaire.Answers) questionnaire.Answers {
	a := base()
	for k, v := range overrides {
		a[k] = v
	}
	return a
}

type want struct {
	// reports maps each recommended report to its type; exactly these.
	reports map[string]string
	// interim lists the reports with an interim Type I; exactly these.
	interim []string
	// criteria are the SOC 2 criteria, exactly, when SOC 2 is recommended.
	criteria []string
	// consider are also-consider ids that must be present.
	consider []string
	// fired and notFired are rule ids.
	fired, notFired []string
}

type seedCase struct {
	name    string
	source  string
	answers questionnaire.Answers
	want    want
}

var s = func(v ...string) []string { return v }

var seedCases = []seedCase{
	// 002: the four questions.
	{"002 Q1: affects customers' financial reporting", "002_0738545ef4c76d8b.txt",
		with(questionnaire.Answers{"financial_reporting_impact": "yes"}),
		want{reports: map[string]string{"soc1": "type2"}, fired: s("soc1-financial-impact")}},
	{"002 Q2: handles customer data", "002_0738545ef4c76d8b.txt",
		with(questionnaire.Answers{"customer_data": "yes", "data_types": s("personal")}),
		want{reports: map[string]string{"soc2": "type2"}, criteria: s("security"), fired: s("soc2-customer-data", "note-privacy-personal-data")}},
	{"002 Q3: asked about security, not accounting", "002_0738545ef4c76d8b.txt",
		with(questionnaire.Answers{"security_reviews": "yes"}),
		want{reports: map[string]string{"soc2": "type2"}, criteria: s("security"), fired: s("soc2-security-reviews")}},
	{"002 Q4: asked about Sarbanes-Oxley", "002_0738545ef4c76d8b.txt",
		with(questionnaire.Answers{"financial_reporting_impact": "unsure", "sox_customers": "yes"}),
		want{reports: map[string]string{"soc1": "type2"}, fired: s("soc1-sox-customers", "soc1-type2-user-auditors", "note-unsure-financial-impact")}},
	// 002: situation table rows not covered above.
	{"002 table: clients rely on your numbers (billing)", "002_0738545ef4c76d8b.txt",
		with(questionnaire.Answers{"financial_reporting_impact": "unsure", "services": s("billing")}),
		want{reports: map[string]string{"soc1": "type2"}, fired: s("soc1-financial-services")}},
	{"002 example: SaaS with a billing feature needs both", "002_0738545ef4c76d8b.txt",
		with(questionnaire.Answers{"services": s("saas", "billing"), "financial_reporting_impact": "yes",
			"customer_data": "yes", "data_types": s("personal", "financial"), "security_reviews": "yes"}),
		want{reports: map[string]string{"soc1": "type2", "soc2": "type2"}, criteria: s("security", "confidentiality")}},

	// 004: industry table.
	{"004 payroll: SOC 1 essential, SOC 2 optional without sensitive data", "004_d9de5a619be85beb.txt",
		with(questionnaire.Answers{"services": s("payroll"), "financial_reporting_impact": "yes", "sox_customers": "yes"}),
		want{reports: map[string]string{"soc1": "type2"}, consider: s("bridge-letter"), notFired: s("soc2-customer-data")}},
	{"004 payroll handling sensitive data: SOC 2 too", "004_d9de5a619be85beb.txt",
		with(questionnaire.Answers{"services": s("payroll"), "financial_reporting_impact": "yes", "sox_customers": "yes",
			"customer_data": "yes", "data_types": s("personal", "financial")}),
		want{reports: map[string]string{"soc1": "type2", "soc2": "type2"}, criteria: s("security", "confidentiality")}},
	{"004 cloud services: SOC 1 rarely required, SOC 2 critically important", "004_d9de5a619be85beb.txt",
		with(questionnaire.Answers{"services": s("cloud"), "financial_reporting_impact": "unsure", "sox_customers": "yes",
			"customer_data": "yes", "data_types": s("confidential"), "availability_commitments": "yes"}),
		want{reports: map[string]string{"soc2": "type2"}, criteria: s("security", "availability", "confidentiality"),
			fired: s("soc1-sox-customers", "soc1-infrastructure-sox-auditors", "soc2-technology-services"), notFired: s("soc1-infrastructure-only")}},
	{"004 banks and lenders: SOC 1 frequently, SOC 2 increasingly", "004_d9de5a619be85beb.txt",
		with(questionnaire.Answers{"services": s("lending"), "financial_reporting_impact": "yes", "sox_customers": "yes",
			"customer_data": "yes", "data_types": s("personal", "financial"), "security_reviews": "yes"}),
		want{reports: map[string]string{"soc1": "type2", "soc2": "type2"}, criteria: s("security", "confidentiality")}},
	{"004 SaaS startup: SOC 2 usually expected, no SOC 1 by default", "004_d9de5a619be85beb.txt",
		with(questionnaire.Answers{"services": s("saas"), "customer_data": "yes", "data_types": s("personal"),
			"security_reviews": "yes", "first_examination": "yes", "controls_operating_months": 6}),
		want{reports: map[string]string{"soc2": "type2"}, criteria: s("security"), notFired: s("soc1-financial-services")}},

	// 000: the example companies and its two "both" scenarios.
	{"000 payroll processor", "000_8717d5486cfa0656.txt",
		with(questionnaire.Answers{"services": s("payroll"), "financial_reporting_impact": "yes", "sox_customers": "yes",
			"processing_integrity": "yes"}),
		want{reports: map[string]string{"soc1": "type2"}}},
	{"000 loan servicer", "000_8717d5486cfa0656.txt",
		with(questionnaire.Answers{"services": s("lending"), "financial_reporting_impact": "yes", "sox_customers": "unsure"}),
		want{reports: map[string]string{"soc1": "type2"}, fired: s("note-unsure-sox")}},
	{"000 cloud provider", "000_8717d5486cfa0656.txt",
		with(questionnaire.Answers{"services": s("cloud"), "customer_data": "yes", "data_types": s("confidential"),
			"security_reviews": "yes", "availability_commitments": "yes", "subservice_providers": "yes"}),
		want{reports: map[string]string{"soc2": "type2"}, criteria: s("security", "availability", "confidentiality"),
			fired: s("note-subservice-organizations", "soc1-infrastructure-only")}},
	{"000 both: SaaS with accounting and billing", "000_8717d5486cfa0656.txt",
		with(questionnaire.Answers{"services": s("saas", "accounting", "billing"), "financial_reporting_impact": "unsure",
			"customer_data": "yes", "data_types": s("financial"), "processing_integrity": "yes"}),
		want{reports: map[string]string{"soc1": "type2", "soc2": "type2"}, criteria: s("security", "processing-integrity", "confidentiality"),
			fired: s("soc1-financial-services", "note-unsure-financial-impact")}},
	{"000 both: healthtech with EHR and billing", "000_8717d5486cfa0656.txt",
		with(questionnaire.Answers{"services": s("healthcare", "billing"), "financial_reporting_impact": "yes",
			"customer_data": "yes", "data_types": s("personal", "health", "financial")}),
		want{reports: map[string]string{"soc1": "type2", "soc2": "type2"}, criteria: s("security", "confidentiality", "privacy"),
			consider: s("soc2-hipaa"), notFired: s("note-privacy-personal-data")}},
	{"000 MSP", "000_8717d5486cfa0656.txt",
		with(questionnaire.Answers{"services": s("managed-it"), "customer_data": "yes", "data_types": s("confidential"),
			"security_reviews": "yes", "availability_commitments": "yes"}),
		want{reports: map[string]string{"soc2": "type2"}, criteria: s("security", "availability", "confidentiality")}},
	{"000 significant changes: reports more often", "000_8717d5486cfa0656.txt",
		with(questionnaire.Answers{"security_reviews": "yes", "significant_changes": "yes"}),
		want{reports: map[string]string{"soc2": "type2"}, criteria: s("security"), fired: s("note-significant-changes")}},

	// 001: SOC 3 and type guidance.
	{"001 data center wanting a public report: SOC 2 Type II and SOC 3", "001_6dbc830dff4d52a2.txt",
		with(questionnaire.Answers{"services": s("data-center"), "customer_data": "yes", "data_types": s("none"),
			"availability_commitments": "yes", "public_report": "yes"}),
		want{reports: map[string]string{"soc2": "type2", "soc3": "type2"}, criteria: s("security", "availability"),
			fired: s("soc3-public-report", "soc2-for-soc3", "soc3-type2")}},
	{"001 public report alone still brings the SOC 2 examination", "001_6dbc830dff4d52a2.txt",
		with(questionnaire.Answers{"public_report": "yes"}),
		want{reports: map[string]string{"soc2": "type2", "soc3": "type2"}, criteria: s("security")}},
	{"001 SaaS startup with new controls: Type I, says when Type II", "001_6dbc830dff4d52a2.txt",
		with(questionnaire.Answers{"services": s("saas"), "customer_data": "yes", "data_types": s("personal"),
			"security_reviews": "yes", "first_examination": "yes", "controls_operating_months": 1, "type2_required": "no"}),
		want{reports: map[string]string{"soc2": "type1"}, criteria: s("security"), fired: s("soc2-type1-new-controls")}},
	{"001 mature controls: Type II, often preferred by customers", "001_6dbc830dff4d52a2.txt",
		with(questionnaire.Answers{"security_reviews": "yes", "controls_operating_months": 12}),
		want{reports: map[string]string{"soc2": "type2"}, criteria: s("security"), fired: s("type2-default")}},
	{"001 customers abroad: ISAE 3402, ISAE 3000, ISO 27001", "001_6dbc830dff4d52a2.txt",
		with(questionnaire.Answers{"financial_reporting_impact": "yes", "security_reviews": "yes", "customer_regions": s("us", "eu-uk")}),
		want{reports: map[string]string{"soc1": "type2", "soc2": "type2"}, criteria: s("security"),
			consider: s("isae-3402", "isae-3000", "iso-27001", "bridge-letter")}},

	// domain.md section 3: type rules.
	{"domain 3: Type II required with new controls: Type II, Type I first", "domain.md section 3",
		with(questionnaire.Answers{"security_reviews": "yes", "type2_required": "yes", "first_examination": "yes", "controls_operating_months": 0}),
		want{reports: map[string]string{"soc2": "type2"}, interim: s("soc2"), criteria: s("security"), fired: s("type2-required", "interim-controls-too-new")}},
	{"domain 3: unsure about Type II: conservative Type II with Type I first", "domain.md section 3",
		with(questionnaire.Answers{"security_reviews": "yes", "type2_required": "unsure", "first_examination": "yes", "controls_operating_months": 1}),
		want{reports: map[string]string{"soc2": "type2"}, interim: s("soc2"), criteria: s("security"), fired: s("note-unsure-type2")}},
	{"domain 3: not the first examination, controls 4 months: a Type II period needs 6", "domain.md section 3",
		with(questionnaire.Answers{"financial_reporting_impact": "yes", "controls_operating_months": 4}),
		want{reports: map[string]string{"soc1": "type2"}, interim: s("soc1")}},
	{"domain 3: deadline before a Type II can be ready: Type I first", "domain.md section 3",
		with(questionnaire.Answers{"security_reviews": "yes", "type2_required": "yes", "first_examination": "yes", "controls_operating_months": 0, "deadline_months": 2}),
		want{reports: map[string]string{"soc2": "type2"}, interim: s("soc2"), criteria: s("security"), fired: s("interim-deadline", "interim-controls-too-new")}},
	{"domain 3 and 7: a deadline no examination can meet: a note, no interim", "domain.md sections 3 and 7",
		with(questionnaire.Answers{"security_reviews": "yes", "type2_required": "yes", "first_examination": "yes", "controls_operating_months": 3, "deadline_months": 1}),
		want{reports: map[string]string{"soc2": "type2"}, criteria: s("security"), fired: s("note-deadline-too-close"), notFired: s("interim-deadline")}},
	{"domain 1: a SOC 3 comes from a SOC 2 Type II, even when the controls are new", "domain.md section 1",
		with(questionnaire.Answers{"public_report": "yes", "security_reviews": "yes", "first_examination": "yes", "controls_operating_months": 0, "type2_required": "no"}),
		want{reports: map[string]string{"soc2": "type2", "soc3": "type2"}, interim: s("soc2"), criteria: s("security"), notFired: s("soc2-type1-new-controls")}},
	{"domain 3: first SOC 1, new controls, no SOX reliance, no Type II required: SOC 1 Type I", "domain.md section 3",
		with(questionnaire.Answers{"financial_reporting_impact": "yes", "first_examination": "yes", "controls_operating_months": 0}),
		want{reports: map[string]string{"soc1": "type1"}, fired: s("soc1-type1-new-controls")}},
	{"domain 6: Canadian customers of a SOC 1: CSAE 3416", "domain.md section 6",
		with(questionnaire.Answers{"financial_reporting_impact": "yes", "customer_regions": s("us", "canada")}),
		want{reports: map[string]string{"soc1": "type2"}, consider: s("csae-3416"), notFired: s("consider-isae-3402")}},
	{"domain 2: SOX user auditors keep SOC 1 at Type II even with new controls", "domain.md section 2",
		with(questionnaire.Answers{"financial_reporting_impact": "yes", "sox_customers": "yes", "first_examination": "yes",
			"controls_operating_months": 0, "type2_required": "no", "security_reviews": "yes"}),
		want{reports: map[string]string{"soc1": "type2", "soc2": "type1"}, interim: s("soc1"), criteria: s("security"),
			fired: s("soc1-type2-user-auditors", "soc2-type1-new-controls"), notFired: s("soc1-type1-new-controls")}},

	// domain.md section 2 and 4.
	{"domain 2: SOX customers without financial impact: no SOC 1, and a note", "domain.md section 2",
		with(questionnaire.Answers{"sox_customers": "yes", "services": s("saas"), "customer_data": "yes", "data_types": s("personal")}),
		want{reports: map[string]string{"soc2": "type2"}, criteria: s("security"), fired: s("note-soc1-not-indicated")}},
	{"domain 4: processing integrity, availability, card data", "domain.md section 4",
		with(questionnaire.Answers{"services": s("payments"), "financial_reporting_impact": "yes", "customer_data": "yes",
			"data_types": s("cardholder", "financial"), "availability_commitments": "yes", "processing_integrity": "yes"}),
		want{reports: map[string]string{"soc1": "type2", "soc2": "type2"},
			criteria: s("security", "availability", "processing-integrity", "confidentiality"), consider: s("pci-dss")}},
	{"domain 1: neither: says so and what would change it", "domain.md section 1",
		base(),
		want{reports: map[string]string{}, fired: s("note-no-report", "steps-no-report"), notFired: s("type2-default", "note-cuecs")}},
	{"contract example: acme-payroll", "contract.md section 1",
		with(questionnaire.Answers{"services": s("payroll", "saas"), "financial_reporting_impact": "yes", "sox_customers": "yes",
			"customer_data": "yes", "data_types": s("personal", "financial"), "security_reviews": "yes",
			"availability_commitments": "yes", "processing_integrity": "yes", "controls_operating_months": 14,
			"type2_required": "yes", "subservice_providers": "yes"}),
		want{reports: map[string]string{"soc1": "type2", "soc2": "type2"},
			criteria: s("security", "availability", "processing-integrity", "confidentiality")}},
}

func TestSeedCases(t *testing.T) {
	rs := loadDefault(t)
	for _, tc := range seedCases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := rs.Evaluate(tc.answers)
			if err != nil {
				t.Fatalf("[%s] %v", tc.source, err)
			}
			got := map[string]string{}
			var interim []string
			for _, r := range d.Reports {
				got[r.Report] = r.Type
				if r.Interim != nil {
					interim = append(interim, r.Report)
				}
				if r.Report == "soc2" && tc.want.criteria != nil && !slices.Equal(r.Criteria, tc.want.criteria) {
					t.Errorf("[%s] soc2 criteria = %v, want %v", tc.source, r.Criteria, tc.want.criteria)
				}
			}
			if !reflect.DeepEqual(got, tc.want.reports) {
				t.Errorf("[%s] reports = %v, want %v (summary %q)", tc.source, got, tc.want.reports, d.Summary)
			}
			if !slices.Equal(interim, tc.want.interim) {
				t.Errorf("[%s] interim for %v, want %v", tc.source, interim, tc.want.interim)
			}
			var consider []string
			for _, c := range d.AlsoConsider {
				consider = append(consider, c.ID)
			}
			for _, id := range tc.want.consider {
				if !slices.Contains(consider, id) {
					t.Errorf("[%s] also_consider %v lacks %s", tc.source, consider, id)
				}
			}
			for _, id := range tc.want.fired {
				if !slices.Contains(d.Fired, id) {
					t.Errorf("[%s] rule %s did not fire; fired: %v", tc.source, id, d.Fired)
				}
			}
			for _, id := range tc.want.notFired {
				if slices.Contains(d.Fired, id) {
					t.Errorf("[%s] rule %s fired but should not", tc.source, id)
				}
			}
			checkExplained(t, d)
		})
	}
}

// checkExplained asserts what every decision owes its reader: each report
// has reasons, the reason for its type among them, every text is a filled
// sentence naming a fired rule and a source.
func checkExplained(t *testing.T, d *engine.Decision) {
	t.Helper()
	var all []engine.Reason
	for _, r := range d.Reports {
		if len(r.Reasons) < 2 {
			t.Errorf("%s has %d reasons; want why the report and why the type", r.Report, len(r.Reasons))
		}
		all = append(all, r.Reasons...)
		if r.Interim != nil {
			all = append(all, engine.Reason{Rule: r.Interim.Rule, Text: r.Interim.Text, Source: r.Interim.Source})
		}
		if r.Type == "type1" && !strings.Contains(strings.Join(texts(r.Reasons), " "), "Type II becomes possible") {
			t.Errorf("%s Type I: the reasons do not say when a Type II becomes possible", r.Report)
		}
	}
	all = append(all, d.Notes...)
	all = append(all, d.NextSteps...)
	for _, c := range d.AlsoConsider {
		all = append(all, engine.Reason{Rule: c.Rule, Text: c.Text, Source: c.Source})
	}
	for _, r := range all {
		if !slices.Contains(d.Fired, r.Rule) {
			t.Errorf("text from rule %q, which is not in fired", r.Rule)
		}
		if r.Source == "" || len(r.Text) < 20 || strings.Contains(r.Text, "{{") || !strings.HasSuffix(r.Text, ".") {
			t.Errorf("rule %s: want a full sentence with a source, got %q (source %q)", r.Rule, r.Text, r.Source)
		}
	}
	if d.Summary == "" {
		t.Error("empty summary")
	}
}

func texts(rs []engine.Reason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Text
	}
	return out
}

func TestTypeIReasonSaysWhen(t *testing.T) {
	rs := loadDefault(t)
	d, err := rs.Evaluate(with(questionnaire.Answers{"security_reviews": "yes", "first_examination": "yes", "controls_operating_months": 1}))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(texts(d.Reports[0].Reasons), " ")
	if !strings.Contains(text, "operated for 1 month and") || !strings.Contains(text, "2 months from now") {
		t.Errorf("Type I reason does not speak of the answers:\n%s", text)
	}
}

func TestInterimSaysWhenTypeIICanFollow(t *testing.T) {
	rs := loadDefault(t)
	d, err := rs.Evaluate(with(questionnaire.Answers{"security_reviews": "yes", "type2_required": "yes", "first_examination": "no", "controls_operating_months": 2}))
	if err != nil {
		t.Fatal(err)
	}
	in := d.Reports[0].Interim
	if in == nil || in.Type != "type1" || !strings.Contains(in.Text, "no sooner than 4 months from now") {
		t.Errorf("interim = %+v; want a Type I ending no sooner than 4 months from now", in)
	}
	if d.Summary != "SOC 2 Type II (Type I first)" {
		t.Errorf("summary = %q", d.Summary)
	}
}

func TestEvaluateIsDeterministic(t *testing.T) {
	rs := loadDefault(t)
	for _, tc := range seedCases {
		a, err1 := rs.Evaluate(tc.answers)
		b, err2 := rs.Evaluate(tc.answers)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("%s: two evaluations differ", tc.name)
		}
	}
}

func TestAnswersNotAskedAreIgnored(t *testing.T) {
	rs := loadDefault(t)
	d, err := rs.Evaluate(with(questionnaire.Answers{"security_reviews": "yes", "customer_data": "no", "data_types": s("cardholder")}))
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(d.Fired, "consider-pci-dss") {
		t.Error("data_types was read though customer_data is no")
	}
}

// Every rule of the default ruleset is exercised by some case above.
func TestSeedCasesCoverEveryRule(t *testing.T) {
	rs := loadDefault(t)
	fired := map[string]bool{}
	for _, tc := range seedCases {
		d, err := rs.Evaluate(tc.answers)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range d.Fired {
			fired[id] = true
		}
	}
	for _, r := range rs.Rules {
		if !fired[r.ID] {
			t.Errorf("rule %s (%s:%d) is fired by no case", r.ID, r.File, r.Pos.Line)
		}
	}
}

func BenchmarkEvaluate(b *testing.B) {
	rs := loadDefault(b)
	a := seedCases[len(seedCases)-1].answers
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rs.Evaluate(a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := engine.Load(rules.FS); err != nil {
			b.Fatal(err)
		}
	}
}
