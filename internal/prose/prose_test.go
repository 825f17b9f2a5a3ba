package prose

import (
	"errors"
	"io/fs"
	"os"
	"testing"
)

func TestSuggest(t *testing.T) {
	vals := []string{"customer_data", "services", "yes", "no"}
	for _, tt := range []struct{ in, want string }{
		{"custmer_data", ` (did you mean "customer_data"?)`},
		{"Services", ` (did you mean "services"?)`},
		{"yse", ` (did you mean "yes"?)`},
		{"banana", ""},
		{"services", ""},
	} {
		if got := Suggest(tt.in, vals); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSuggestNear(t *testing.T) {
	vals := []string{"yes", "no", "unsure", "us", "eu-uk"}
	for _, tt := range []struct{ in, want string }{
		{"yse", ` (did you mean "yes"?)`},
		{"Yse", ` (did you mean "yes"?)`},
		{"yup", ` (did you mean "yes"?)`},
		{"noo", ` (did you mean "no"?)`},
		{"unsrue", ` (did you mean "unsure"?)`},
		{"eu_uk", ` (did you mean "eu-uk"?)`},
		// Two characters or fewer: too little to guess from.
		{"on", ""},
		{"ok", ""},
		{"n", ""},
		{"uk", ""},
		// Two edits leave nothing of "no".
		{"nah", ""},
		{"off", ""},
		{"one", ""},
		{"yes", ""},
		{"YES", ""},
	} {
		if got := SuggestNear(tt.in, vals); got != tt.want {
			t.Errorf("SuggestNear(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestJoinList(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a or b"},
		{[]string{"a", "b", "c"}, "a, b or c"},
		// An item that holds the conjunction or a comma: semicolons keep
		// the list readable.
		{[]string{"payroll", "billing or invoicing", "lending"}, "payroll; billing or invoicing; or lending"},
		{[]string{"x, y", "z"}, "x, y; or z"},
	} {
		if got := JoinList(tt.in, "or"); got != tt.want {
			t.Errorf("JoinList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 months", 1: "1 month", 2: "2 months"} {
		if got := Plural(n, "month"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestOneLine(t *testing.T) {
	if got := OneLine("  a\n  b\tc\n"); got != "a b c" {
		t.Errorf("OneLine = %q", got)
	}
}

func TestCause(t *testing.T) {
	err := &fs.PathError{Op: "open", Path: "x.yaml", Err: fs.ErrPermission}
	if got := Cause(err); got != fs.ErrPermission {
		t.Errorf("Cause(PathError) = %v", got)
	}
	link := &os.LinkError{Op: "rename", Old: "a", New: "b", Err: fs.ErrExist}
	if got := Cause(link); got != fs.ErrExist {
		t.Errorf("Cause(LinkError) = %v", got)
	}
	plain := errors.New("plain")
	if got := Cause(plain); got != plain {
		t.Errorf("Cause(plain) = %v", got)
	}
}
