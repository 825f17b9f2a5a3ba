package questionnaire

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// JoinList joins items as a sentence does: "a", "a or b", "a, b or c".
// When an item holds a comma or the conjunction itself, items are set off
// with semicolons ("payroll; billing and invoicing; and lending") so that
// the list still reads as a list.
func JoinList(items []string, conj string) string {
	sep, last := ", ", " "+conj+" "
	for _, it := range items {
		if strings.Contains(it, ",") || strings.Contains(it, " "+conj+" ") {
			sep, last = "; ", "; "+conj+" "
			break
		}
	}
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], sep) + last + items[len(items)-1]
}

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
	return Plural(n, word), nil
}

// Plural counts in words: "1 month", "3 months", "0 errors".
func Plural(n int, word string) string {
	if n != 1 {
		word += "s"
	}
	return strconv.Itoa(n) + " " + word
}

// OneLine folds a text written over several lines (a YAML block) into
// one, for a message or a listing.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
