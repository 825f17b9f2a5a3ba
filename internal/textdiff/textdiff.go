// Package textdiff writes the line-based unified diff of two texts, as
// diff -u does: `socpick rules upgrade` shows with it how a ruleset
// directory differs from the embedded default. The files are YAML of a
// few hundred lines, so a plain Myers diff is enough; no dependency.
package textdiff

import (
	"fmt"
	"strings"
)

// Context is how many unchanged lines a hunk shows around a change, as
// diff -u.
const Context = 3

// maxTrace bounds the memory of the search, in ints kept for the way
// back (Myers keeps one row per edit). Two texts so different that it
// runs out get a correct but not minimal diff: the rest of the old text
// deleted, the rest of the new inserted.
const maxTrace = 1 << 23

// Unified returns the unified diff that turns old into new, with oldName
// and newName in its header; "" when they are the same. A last line
// without a newline is marked "\ No newline at end of file", as diff -u
// does, so that the diff says everything that differs.
func Unified(oldName, newName string, old, new []byte) string {
	a, b := Lines(old), Lines(new)
	ops := Diff(a, b)
	hunks := group(ops, Context)
	if len(hunks) == 0 {
		return ""
	}
	var w strings.Builder
	fmt.Fprintf(&w, "--- %s\n+++ %s\n", oldName, newName)
	for _, h := range hunks {
		w.WriteString(header(h))
		for _, o := range h {
			line := ""
			switch o.Kind {
			case Equal, Delete:
				line = a[o.A]
			case Insert:
				line = b[o.B]
			}
			w.WriteByte(byte(o.Kind))
			w.WriteString(strings.TrimSuffix(line, "\n"))
			w.WriteByte('\n')
			if !strings.HasSuffix(line, "\n") {
				w.WriteString("\\ No newline at end of file\n")
			}
		}
	}
	return w.String()
}

// Lines splits text into lines, each with its newline; the last has none
// when the text does not end with one. Empty text has no lines.
func Lines(text []byte) []string {
	var out []string
	s := string(text)
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// Kind is what an Op does with a line: the character that starts it in
// a unified diff.
type Kind byte

// The kinds of Op.
const (
	Equal  Kind = ' '
	Delete Kind = '-'
	Insert Kind = '+'
)

// Op is one line of the edit script: A indexes the old lines (Equal,
// Delete), B the new ones (Equal, Insert). A Delete's B, and an Insert's
// A, is where it falls in the other text: the index of the next line
// there.
type Op struct {
	Kind Kind
	A, B int
}

// Diff returns an edit script from a to b, in order: every line of a is
// kept or deleted, every line of b kept or inserted. It is a shortest one
// unless the texts differ too much for maxTrace.
func Diff(a, b []string) []Op {
	// Lines in common at both ends cost nothing to find and shrink the
	// search to what changed.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []Op
	for i := range pre {
		ops = append(ops, Op{Equal, i, i})
	}
	for _, o := range myers(a[pre:len(a)-suf], b[pre:len(b)-suf]) {
		ops = append(ops, Op{o.Kind, o.A + pre, o.B + pre})
	}
	for i := range suf {
		ops = append(ops, Op{Equal, len(a) - suf + i, len(b) - suf + i})
	}
	return ops
}

// myers is E. Myers' O(ND) search ("An O(ND) Difference Algorithm and Its
// Variations", 1986), keeping each step's furthest points to walk back.
func myers(a, b []string) []Op {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return replace(a, b)
	}
	limit := n + m
	off := limit + 1
	v := make([]int, 2*limit+3)
	var trace [][]int
	for d := 0; ; d++ { // d = n+m always ends
		if (d+1)*len(v) > maxTrace {
			return replace(a, b)
		}
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1] // down: an insertion
			} else {
				x = v[off+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, off, n, m)
			}
		}
	}
}

// backtrack walks the trace from the end to the start and returns the
// edit script in order.
func backtrack(trace [][]int, off, x, y int) []Op {
	var rev []Op
	for d := len(trace) - 1; d >= 0; d-- {
		v := trace[d]
		k := x - y
		prevK := k - 1
		if k == -d || k != d && v[off+k-1] < v[off+k+1] {
			prevK = k + 1
		}
		prevX := v[off+prevK]
		prevY := prevX - prevK
		if d == 0 {
			prevX, prevY = 0, 0
		}
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			rev = append(rev, Op{Equal, x, y})
		}
		if d > 0 {
			if x == prevX {
				rev = append(rev, Op{Insert, x, y - 1})
			} else {
				rev = append(rev, Op{Delete, x - 1, y})
			}
		}
		x, y = prevX, prevY
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// replace deletes every line of a and inserts every line of b.
func replace(a, b []string) []Op {
	ops := make([]Op, 0, len(a)+len(b))
	for i := range a {
		ops = append(ops, Op{Delete, i, 0})
	}
	for j := range b {
		ops = append(ops, Op{Insert, len(a), j})
	}
	return ops
}

// group cuts the script into hunks, runs of it with their context: each
// change with context unchanged lines around it, changes closer than
// twice that in one hunk.
func group(ops []Op, context int) [][]Op {
	var hunks [][]Op
	i := 0
	for i < len(ops) {
		for i < len(ops) && ops[i].Kind == Equal {
			i++
		}
		if i == len(ops) {
			break
		}
		// Hunks never overlap: the equal lines between two of them
		// are more than twice the context.
		start := max(i-context, 0)
		end := i // one past the last change so far
		for j := i; j < len(ops); j++ {
			if ops[j].Kind != Equal {
				end = j + 1
				continue
			}
			if j-end >= 2*context {
				break
			}
		}
		stop := min(end+context, len(ops))
		hunks = append(hunks, ops[start:stop])
		i = stop
	}
	return hunks
}

// header is a hunk's @@ line: where it starts in each text and how many
// lines it spans there, as diff -u writes it (a count of 1 left out; an
// empty side starting at the line before). Every op holds its place in
// both texts, so the hunk starts where its first op is.
func header(h []Op) string {
	aCount, bCount := 0, 0
	for _, o := range h {
		if o.Kind != Insert {
			aCount++
		}
		if o.Kind != Delete {
			bCount++
		}
	}
	return fmt.Sprintf("@@ -%s +%s @@\n", span(h[0].A, aCount), span(h[0].B, bCount))
}

// span writes a hunk's range in one text: its first line (1-based) and
// count.
func span(start, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", start) // the line before: 0 for the top
	case 1:
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}
