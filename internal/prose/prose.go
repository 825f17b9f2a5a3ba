// Package prose holds the small text helpers that messages and listings
// share: a list in words, a count in words, a text folded onto one line,
// a did-you-mean hint, and the cause of an OS error without the path it
// repeats. It knows nothing of SOC reports or of socpick's formats.
package prose

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
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

// Suggest returns ` (did you mean "x"?)` when one of the candidates is a
// near miss for s (an edit distance under 3, ignoring case), and ""
// otherwise.
func Suggest(s string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := distance(strings.ToLower(s), c); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" || best == s {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// SuggestNear is Suggest for a value a person typed as an answer, where
// the candidates are short words (yes, no, us): it suggests only a real
// near miss. An input of two characters or fewer is too little to guess
// from ("on" and "ok" are two edits from "no", and mean something else),
// and the edits must leave some of the candidate standing: fewer than its
// length, so that "nah" is not taken for "no" but "yse" is for "yes".
func SuggestNear(s string, candidates []string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if len([]rune(s)) <= 2 {
		return ""
	}
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := distance(s, strings.ToLower(c)); d < bestDist && d < len(c) {
			best, bestDist = c, d
		}
	}
	if best == "" || strings.EqualFold(best, s) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Cause is the reason an os error gives, without the path it repeats
// ("open x.yaml: permission denied" -> "permission denied"), for messages
// that name the path already.
func Cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// FileKind names what a file is when it is not a regular file, for a
// message that refuses it: "a directory", "a named pipe", "a socket", "a
// device", "a link"; "" for a regular file.
func FileKind(mode fs.FileMode) string {
	switch {
	case mode.IsRegular():
		return ""
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	case mode&fs.ModeSymlink != 0:
		return "a link"
	}
	return "a special file"
}
