package textdiff

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	for _, tt := range []struct {
		name     string
		old, new string
		want     string
	}{
		{"both empty", "", "", ""},
		{"the same", "a\nb\n", "a\nb\n", ""},
		{"into an empty file", "", "a\nb\n", `--- old
+++ new
@@ -0,0 +1,2 @@
+a
+b
`},
		{"to an empty file", "a\nb\n", "", `--- old
+++ new
@@ -1,2 +0,0 @@
-a
-b
`},
		{"insert only", "1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nnew\n5\n6\n7\n8\n", `--- old
+++ new
@@ -2,6 +2,7 @@
 2
 3
 4
+new
 5
 6
 7
`},
		{"delete only", "1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\n6\n7\n8\n", `--- old
+++ new
@@ -2,7 +2,6 @@
 2
 3
 4
-5
 6
 7
 8
`},
		{"a change in the middle", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n", `--- old
+++ new
@@ -2,7 +2,7 @@
 2
 3
 4
-5
+five
 6
 7
 8
`},
		{"one line, changed", "a\n", "b\n", `--- old
+++ new
@@ -1 +1 @@
-a
+b
`},
		{"no newline at the end of the new", "a\nb\n", "a\nb", `--- old
+++ new
@@ -1,2 +1,2 @@
 a
-b
+b
\ No newline at end of file
`},
		{"no newline at the end of either", "a\nb", "x\nb", `--- old
+++ new
@@ -1,2 +1,2 @@
-a
+x
 b
\ No newline at end of file
`},
		{"two hunks far apart", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ntwelve\n", `--- old
+++ new
@@ -1,4 +1,4 @@
-1
+one
 2
 3
 4
@@ -9,4 +9,4 @@
 9
 10
 11
-12
+twelve
`},
		{"two changes close: one hunk", "1\n2\n3\n4\n5\n6\n7\n", "one\n2\n3\n4\n5\n6\nseven\n", `--- old
+++ new
@@ -1,7 +1,7 @@
-1
+one
 2
 3
 4
 5
 6
-7
+seven
`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Unified("old", "new", []byte(tt.old), []byte(tt.new)); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestDiffIsShortest: on random texts of a few distinct lines (so that
// they share many), the script turns old into new and is as short as the
// longest common subsequence allows.
func TestDiffIsShortest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	text := func() []string {
		lines := make([]string, r.IntN(12))
		for i := range lines {
			lines[i] = fmt.Sprintf("%c\n", 'a'+r.IntN(4))
		}
		return lines
	}
	for range 3000 {
		a, b := text(), text()
		ops := Diff(a, b)
		var gotA, gotB []string
		edits := 0
		for _, o := range ops {
			switch o.Kind {
			case Equal:
				if a[o.A] != b[o.B] {
					t.Fatalf("%q -> %q: equal op on %q and %q", a, b, a[o.A], b[o.B])
				}
				gotA, gotB = append(gotA, a[o.A]), append(gotB, b[o.B])
			case Delete:
				gotA = append(gotA, a[o.A])
				edits++
			case Insert:
				gotB = append(gotB, b[o.B])
				edits++
			}
		}
		if strings.Join(gotA, "") != strings.Join(a, "") || strings.Join(gotB, "") != strings.Join(b, "") {
			t.Fatalf("%q -> %q: the script does not cover both texts in order: %v", a, b, ops)
		}
		if want := len(a) + len(b) - 2*lcs(a, b); edits != want {
			t.Fatalf("%q -> %q: %d edits, want %d", a, b, edits, want)
		}
	}
}

// TestUnifiedApplies: the hunks of a diff, applied to old, give new.
func TestUnifiedApplies(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		var a, b strings.Builder
		for range r.IntN(40) {
			fmt.Fprintf(&a, "line %d\n", r.IntN(8))
		}
		for range r.IntN(40) {
			fmt.Fprintf(&b, "line %d\n", r.IntN(8))
		}
		old, new := a.String(), b.String()
		if r.IntN(2) == 0 && len(new) > 0 {
			new = strings.TrimSuffix(new, "\n")
		}
		d := Unified("a", "b", []byte(old), []byte(new))
		if got := apply(t, old, d); got != new {
			t.Fatalf("applying\n%s\nto %q gave %q, want %q", d, old, got, new)
		}
	}
}

// TestTooDifferent: texts with nothing in common past the search's
// memory bound still get a correct diff.
func TestTooDifferent(t *testing.T) {
	var a, b []string
	for i := range 3000 {
		a = append(a, fmt.Sprintf("a%d\n", i))
		b = append(b, fmt.Sprintf("b%d\n", i))
	}
	ops := Diff(a, b)
	if len(ops) != 6000 || ops[0].Kind != Delete || ops[5999].Kind != Insert {
		t.Fatalf("%d ops, first %c, last %c", len(ops), ops[0].Kind, ops[len(ops)-1].Kind)
	}
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// apply is patch(1) for one file's unified diff, trusting its line
// numbers.
func apply(t *testing.T, old, diff string) string {
	t.Helper()
	if diff == "" {
		return old
	}
	src := Lines([]byte(old))
	lines := Lines([]byte(diff))[2:]
	var out []string
	next := 0 // the next line of src not yet copied
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(l, "@@") {
			var aStart int
			if _, err := fmt.Sscanf(l, "@@ -%d", &aStart); err != nil {
				t.Fatalf("hunk header %q: %v", l, err)
			}
			from := aStart - 1
			if strings.HasPrefix(l, fmt.Sprintf("@@ -%d,0 ", aStart)) {
				from = aStart
			}
			out = append(out, src[next:from]...)
			next = from
			continue
		}
		text := l[1:]
		if i+1 < len(lines) && strings.HasPrefix(lines[i+1], `\ No newline`) {
			text = strings.TrimSuffix(text, "\n")
			i++
		}
		switch l[0] {
		case ' ':
			out = append(out, text)
			next++
		case '-':
			next++
		case '+':
			out = append(out, text)
		}
	}
	out = append(out, src[next:]...)
	return strings.Join(out, "")
}
