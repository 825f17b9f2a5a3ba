package profile

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/soc"
)

// templateWidth is the column the template's comments wrap at.
const templateWidth = 78

// Template is a vendor profile to fill in: every question of qs, as a
// comment with its help, allowed values and suggested answer above its
// answer key, the answer empty. A question asked only after
// another's answer is commented out, with when to answer it. name becomes
// metadata.name, and answeredOn, when not zero, metadata.answered_on.
func Template(qs *questionnaire.Questionnaire, name string, answeredOn time.Time) []byte {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	comment := func(indent, text string) {
		b.WriteString(prose.Wrap(text, templateWidth, indent+"# ", indent+"# "))
	}
	comment("", "A socpick vendor profile. Answer each question below: the comment above a key says what it asks and the values it takes. Then run")
	line("#   socpick advise --profile FILE")
	comment("", "and, in CI,")
	line("#   socpick check FILE")
	line("apiVersion: %s", soc.APIVersion)
	line("kind: %s", soc.KindVendorProfile)
	line("metadata:")
	line("  name: %s", name)
	line("  # title: Acme Payroll, Inc.   # optional: the name people read")
	if !answeredOn.IsZero() {
		line("  answered_on: %s   # the day these answers are true; later runs age them from it", calendar.Day(answeredOn))
	}
	line("answers:")
	for i, q := range qs.Questions {
		if i > 0 {
			line("")
		}
		comment("  ", q.Prompt)
		comment("  ", prose.OneLine(q.Help))
		allowed := allowedValues(q)
		if v := templateValue(q); v != "" {
			// Suggested, not written: an answer left as the template has
			// it must not read as one the vendor gave.
			allowed += " Suggested: " + v + "."
		}
		comment("  ", allowed)
		entry := q.Key + ":"
		if q.Kind == questionnaire.KindList {
			entry += " []"
		}
		if when := q.When(); when != "" {
			comment("  ", "Asked only when "+when+": then uncomment and answer.")
			line("  # %s", entry)
			continue
		}
		line("  %s", entry)
	}
	line("")
	comment("", "The reports the vendor holds, for socpick check (see docs/formats.md):")
	line("# held:")
	line("#   - report: soc2")
	line("#     type: type2")
	line("#     criteria: [security]")
	line("#     period_start: 2025-07-01")
	line("#     period_end: 2026-06-30")
	return []byte(b.String())
}

// allowedValues says, for the template, what a question takes.
func allowedValues(q *questionnaire.Question) string {
	if q.Kind == questionnaire.KindInteger {
		return "A whole number from " + strconv.Itoa(*q.Min) + " to " + strconv.Itoa(*q.Max) + "."
	}
	vals := make([]string, len(q.Options))
	for i, o := range q.Options {
		vals[i] = o.Value + " (" + o.Label + ")"
	}
	if q.Kind == questionnaire.KindList {
		return "A list, [a, b], of: " + strings.Join(vals, ", ") + "."
	}
	return "One of: " + strings.Join(vals, ", ") + "."
}

// templateValue is q's default as a profile writes it, "" when it has
// none.
func templateValue(q *questionnaire.Question) string {
	switch v := q.Default.(type) {
	case int:
		return strconv.Itoa(v)
	case string:
		return strconv.Quote(v) // "yes", not a YAML 1.1 boolean
	case []string:
		quoted := make([]string, len(v))
		for i, s := range v {
			quoted[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(quoted, ", ") + "]"
	}
	return ""
}
