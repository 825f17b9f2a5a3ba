package questionnaire

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/socpick/socpick/internal/prose"
)

// inProse writes a label as it reads inside a sentence: "Payroll" becomes
// "payroll", while "SaaS", "ERP" and "EU and UK" keep their capitals.
func inProse(label string) string {
	first, size := utf8.DecodeRuneInString(label)
	word, _, _ := strings.Cut(label[size:], " ")
	if unicode.IsUpper(first) && !strings.ContainsFunc(word, unicode.IsUpper) {
		return string(unicode.ToLower(first)) + label[size:]
	}
	return label
}

// pluralFunc is the expression function plural(n, "month"): "1 month",
// "3 months", for reason texts.
func pluralFunc(params ...any) (any, error) {
	n, _ := params[0].(int)
	word, _ := params[1].(string)
	return prose.Plural(n, word), nil
}
