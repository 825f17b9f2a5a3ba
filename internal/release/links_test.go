package release_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// mdLink is a markdown link's target: [text](target).
var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// heading is a markdown heading line.
var heading = regexp.MustCompile(`(?m)^#{1,6} (.+)$`)

// TestRelativeLinksResolve: the repository stands alone, so every link
// from one of its markdown pages to another file of it (README, docs/,
// docs/commands/, the project files) names a file that exists, and an
// anchor names a heading of that page.
func TestRelativeLinksResolve(t *testing.T) {
	root := filepath.Join("..", "..")
	pages, _ := filepath.Glob(filepath.Join(root, "*.md"))
	for _, dir := range []string{"docs", "docs/commands"} {
		more, _ := filepath.Glob(filepath.Join(root, dir, "*.md"))
		pages = append(pages, more...)
	}
	if len(pages) < 10 {
		t.Fatalf("found only %d markdown pages", len(pages))
	}
	for _, page := range pages {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		text := stripCode(string(data))
		for _, m := range mdLink.FindAllStringSubmatch(text, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			dest := page
			if file != "" {
				dest = filepath.Join(filepath.Dir(page), file)
			}
			rel, _ := filepath.Rel(root, page)
			if _, err := os.Stat(dest); err != nil {
				t.Errorf("%s: link to %s: no such file", rel, target)
				continue
			}
			if anchor != "" && !hasAnchor(t, dest, anchor) {
				t.Errorf("%s: link to %s: no heading makes the anchor #%s", rel, target, anchor)
			}
		}
	}
}

// stripCode drops fenced code blocks, whose brackets are not links.
func stripCode(s string) string {
	var b strings.Builder
	in := false
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			in = !in
			continue
		}
		if !in {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// hasAnchor reports whether a heading of page makes anchor, the way
// GitHub makes anchors: lower case, punctuation dropped, spaces to
// hyphens.
func hasAnchor(t *testing.T, page, anchor string) bool {
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range heading.FindAllStringSubmatch(stripCode(string(data)), -1) {
		if slug(m[1]) == anchor {
			return true
		}
	}
	return false
}

func slug(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String()
}
