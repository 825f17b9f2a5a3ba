package render_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/render"
	"github.com/socpick/socpick/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func acmeAdvice(t *testing.T) render.Advice {
	t.Helper()
	rs, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	d, err := rs.EvaluateAt(questionnaire.Answers{
		"services": []string{"payroll", "saas"}, "financial_reporting_impact": "yes", "sox_customers": "yes",
		"customer_data": "yes", "data_types": []string{"personal", "financial", "cardholder"}, "security_reviews": "yes",
		"availability_commitments": "yes", "processing_integrity": "yes", "public_report": "yes",
		"controls_operating_months": 2, "first_examination": "yes", "deadline_months": 4, "type2_required": "yes",
		"customer_regions": []string{"us", "eu-uk"}, "subservice_providers": "yes", "significant_changes": "no",
	}, engine.Situation{AsOf: time.Date(2026, time.November, 29, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return render.Advice{Profile: "acme-payroll", Decision: d, Catalog: rs.Catalog}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/render -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	a := acmeAdvice(t)
	for _, tc := range []struct {
		format, file string
		color        bool
	}{
		{"text", "advice.txt", false},
		{"text", "advice.color.txt", true},
		{"json", "advice.json", false},
		{"yaml", "advice.yaml", false},
		{"markdown", "advice.md", false},
	} {
		r, err := render.AdviceOutput.Get(tc.format, render.Options{Color: tc.color})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := r.Advice(&buf, a); err != nil {
			t.Fatal(err)
		}
		golden(t, tc.file, buf.Bytes())
	}
}

func TestJSONFollowsTheContract(t *testing.T) {
	a := acmeAdvice(t)
	r, _ := render.AdviceOutput.Get("json", render.Options{})
	var buf bytes.Buffer
	if err := r.Advice(&buf, a); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"apiVersion", "kind", "profile", "summary", "reports", "also_consider", "notes", "estimates", "fired"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
	if doc["apiVersion"] != "socpick/v1" || doc["kind"] != "Recommendation" || doc["profile"] != "acme-payroll" {
		t.Errorf("envelope = %v %v %v", doc["apiVersion"], doc["kind"], doc["profile"])
	}
	soc1 := doc["reports"].([]any)[0].(map[string]any)
	if crit, ok := soc1["criteria"].([]any); !ok || len(crit) != 0 {
		t.Errorf("soc1 criteria = %#v, want []", soc1["criteria"])
	}
	for _, key := range []string{"report", "type", "criteria", "reasons", "interim"} {
		if _, ok := soc1[key]; !ok {
			t.Errorf("report lacks %q", key)
		}
	}
	est := doc["estimates"].([]any)[0].(map[string]any)
	if _, ok := est["cost_usd"].(map[string]any)["low"]; !ok {
		t.Errorf("estimate = %v", est)
	}
}

func TestNoReportSaysSoInEveryFormat(t *testing.T) {
	rs, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	d, err := rs.Evaluate(questionnaire.Answers{"services": []string{"other"}, "financial_reporting_impact": "no",
		"sox_customers": "no", "customer_data": "no", "security_reviews": "no", "public_report": "no"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range render.AdviceOutput.Formats() {
		r, _ := render.AdviceOutput.Get(f, render.Options{})
		var buf bytes.Buffer
		if err := r.Advice(&buf, render.Advice{Decision: d, Catalog: rs.Catalog}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "No SOC report is indicated") {
			t.Errorf("%s output does not say no report is indicated:\n%s", f, buf.String())
		}
		if f == "json" && !strings.Contains(buf.String(), `"reports": []`) {
			t.Errorf("json: reports is not an empty list:\n%s", buf.String())
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := render.AdviceOutput.Get("html", render.Options{}); err == nil || err.Error() != `unknown format "html" (want text, json, yaml, markdown)` {
		t.Errorf("err = %v", err)
	}
}

func TestTextWrapsAt80Columns(t *testing.T) {
	a := acmeAdvice(t)
	r, _ := render.AdviceOutput.Get("text", render.Options{})
	var buf bytes.Buffer
	_ = r.Advice(&buf, a)
	for i, line := range strings.Split(buf.String(), "\n") {
		if len([]rune(line)) > 80 && strings.Contains(strings.TrimSpace(line), " ") {
			t.Errorf("line %d is %d columns: %q", i+1, len([]rune(line)), line)
		}
	}
}

// Text wraps at the width the caller gives (a narrow terminal's), at
// spaces only; no width is 80.
func TestTextWrapsAtTheWidthGiven(t *testing.T) {
	a := acmeAdvice(t)
	drawAt := func(width int) string {
		r, _ := render.AdviceOutput.Get("text", render.Options{Width: width})
		var buf bytes.Buffer
		if err := r.Advice(&buf, a); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	narrow := drawAt(60)
	for i, line := range strings.Split(narrow, "\n") {
		if len([]rune(line)) > 60 && strings.Contains(strings.TrimSpace(line), " ") {
			t.Errorf("line %d is %d columns: %q", i+1, len([]rune(line)), line)
		}
	}
	if strings.Join(strings.Fields(narrow), " ") != strings.Join(strings.Fields(drawAt(80)), " ") {
		t.Error("wrapping at 60 columns changed the words")
	}
	if drawAt(0) != drawAt(80) {
		t.Error("no width is not 80 columns")
	}
}

// The markdown plan's gantt chart follows Mermaid's gantt grammar (the
// lexer rules of its gantt.jison, for the statements socpick writes): a
// gantt header, dateFormat and axisFormat, sections named without ":",
// "#" or ";", and tasks "name :data" whose data are tags, a unique id, a
// start date in the dateFormat, and an end date not before it or a
// duration.
func TestGanttFollowsMermaidGrammar(t *testing.T) {
	a := acmeAdvice(t)
	r, err := render.AdviceOutput.Get("markdown", render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.Advice(&b, a); err != nil {
		t.Fatal(err)
	}
	_, chart, ok := strings.Cut(b.String(), "```mermaid\n")
	if !ok {
		t.Fatal("no mermaid block in the markdown advice")
	}
	chart, _, _ = strings.Cut(chart, "```")
	lines := strings.Split(strings.TrimSuffix(chart, "\n"), "\n")
	if lines[0] != "gantt" {
		t.Fatalf("first line %q, want gantt", lines[0])
	}
	var (
		format  = regexp.MustCompile(`^    (dateFormat|axisFormat) [^#\n;]+$`)
		section = regexp.MustCompile(`^    section [^\n#:;]+$`)
		task    = regexp.MustCompile(`^    ([^:\n#;]+) :([^#\n;]+)$`)
		tag     = regexp.MustCompile(`^(active|done|crit|milestone)$`)
		id      = regexp.MustCompile(`^[A-Za-z][\w-]*$`)
		dur     = regexp.MustCompile(`^\d+[dwh]$`)
	)
	ids := map[string]bool{}
	tasks := 0
	for _, l := range lines[1:] {
		switch {
		case format.MatchString(l), section.MatchString(l):
			continue
		case task.MatchString(l):
			tasks++
			data := strings.Split(task.FindStringSubmatch(l)[2], ", ")
			for len(data) > 0 && tag.MatchString(data[0]) {
				data = data[1:]
			}
			if len(data) != 3 || !id.MatchString(data[0]) || ids[data[0]] {
				t.Errorf("task %q: want [tags,] a unique id, a start and an end", l)
				continue
			}
			ids[data[0]] = true
			start, err := time.Parse(time.DateOnly, data[1])
			if err != nil {
				t.Errorf("task %q: start %q is not YYYY-MM-DD", l, data[1])
				continue
			}
			if end, err := time.Parse(time.DateOnly, data[2]); err == nil {
				if end.Before(start) {
					t.Errorf("task %q ends before it starts", l)
				}
			} else if !dur.MatchString(data[2]) {
				t.Errorf("task %q: end %q is neither a date nor a duration", l, data[2])
			}
		default:
			t.Errorf("line %q is not a gantt statement", l)
		}
	}
	if tasks < 4 {
		t.Errorf("%d tasks in:\n%s", tasks, chart)
	}
}

// A vendor is shown by its display name (metadata.title) where it has one,
// else by its name, in the markdown heading.
func TestAdviceShowsTheTitle(t *testing.T) {
	for _, tt := range []struct{ title, heading string }{
		{"Acme Payroll, Inc.", "# SOC report advice: Acme Payroll, Inc."},
		{"", "# SOC report advice: acme-payroll"},
	} {
		a := acmeAdvice(t)
		a.Title = tt.title
		r, err := render.AdviceOutput.Get("markdown", render.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := r.Advice(&buf, a); err != nil {
			t.Fatal(err)
		}
		if first, _, _ := strings.Cut(buf.String(), "\n"); first != tt.heading {
			t.Errorf("title %q: heading %q, want %q", tt.title, first, tt.heading)
		}
	}
}
