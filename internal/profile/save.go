package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/questionnaire"
	"github.com/socpick/socpick/internal/safewrite"
	"github.com/socpick/socpick/internal/soc"
)

// Encode writes answers as a vendor profile named name, the answers in the
// questionnaire's order. When base is the profile the answers started from,
// everything else in it (description, held, expect, comments) is kept as it
// was; otherwise a new document is written.
//
// answeredOn, when not zero, is written as metadata.answered_on: the day
// the answers were true, from which later runs age them.
//
// title, the vendor's display name, is written as metadata.title after the
// name; an empty title leaves the base's title, if any, as it was.
func Encode(name, title string, answers questionnaire.Answers, qs *questionnaire.Questionnaire, base *Profile, answeredOn time.Time) ([]byte, error) {
	if err := CheckName(name); err != nil {
		return nil, fmt.Errorf("name: %w", err)
	}
	if title != "" {
		if err := CheckTitle(title); err != nil {
			return nil, fmt.Errorf("title: %w", err)
		}
	}
	var doc *yaml.Node
	if base != nil && base.root != nil {
		doc = copyNode(base.root)
	} else {
		doc = mapping(
			scalar("apiVersion"), scalar(soc.APIVersion),
			scalar("kind"), scalar(soc.KindVendorProfile),
			scalar("metadata"), mapping(),
		)
	}
	md := valueNode(doc, "metadata")
	if valueNode(md, "name") == nil {
		// A profile that gave only a title: its name goes first, where
		// a reader looks for it, and the title after it.
		md.Content = append([]*yaml.Node{scalar("name"), scalar(name)}, md.Content...)
	} else {
		setKey(md, "name", scalar(name))
	}
	if title = strings.TrimSpace(title); title != "" {
		n := scalar(title)
		if yaml11Bool(title) {
			// Quoted, so that a reader of older YAML does not see a boolean.
			n.Style = yaml.DoubleQuotedStyle
		}
		setKeyAfter(md, "title", n, "name")
	}
	if !answeredOn.IsZero() {
		setKey(md, "answered_on", scalar(calendar.Day(answeredOn)))
	}
	setKey(doc, "answers", answersNode(answers, qs))
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func answersNode(answers questionnaire.Answers, qs *questionnaire.Questionnaire) *yaml.Node {
	m := mapping()
	for _, q := range qs.Questions {
		v, ok := answers[q.Key]
		if !ok {
			continue
		}
		var n *yaml.Node
		switch x := v.(type) {
		case int:
			n = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(x)}
		case []string:
			n = &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for _, it := range x {
				n.Content = append(n.Content, scalar(it))
			}
		case string:
			// Quoted, so that yes and no stay text for every YAML reader.
			n = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: x, Style: yaml.DoubleQuotedStyle}
		}
		m.Content = append(m.Content, scalar(q.Key), n)
	}
	return m
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func mapping(kv ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: kv}
}

// setKey sets key to value in mapping m, in place when the key is there.
func setKey(m *yaml.Node, key string, value *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			value.HeadComment, value.LineComment = m.Content[i+1].HeadComment, m.Content[i+1].LineComment
			m.Content[i+1] = value
			return
		}
	}
	m.Content = append(m.Content, scalar(key), value)
}

// yaml11Bool reports whether YAML 1.1 reads s, unquoted, as a boolean.
func yaml11Bool(s string) bool {
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false":
		return true
	}
	return false
}

// setKeyAfter sets key to value in mapping m, in place when the key is
// there, else right after the key after.
func setKeyAfter(m *yaml.Node, key string, value *yaml.Node, after string) {
	if valueNode(m, key) != nil {
		setKey(m, key, value)
		return
	}
	at := len(m.Content)
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == after {
			at = i + 2
			break
		}
	}
	m.Content = slices.Insert(m.Content, at, scalar(key), value)
}

func copyNode(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, child := range n.Content {
		c.Content[i] = copyNode(child)
	}
	return &c
}

// NameFromPath makes a vendor name from a file's name: "vendors/Acme
// Payroll.yaml" gives "acme-payroll"; "vendor" when nothing is left.
func NameFromPath(path string) string {
	base := filepath.Base(path)
	if s := Slug(strings.TrimSuffix(base, filepath.Ext(base))); s != "" && path != "" {
		return s
	}
	return "vendor"
}

// ErrExists is returned by Save when the file exists and force is false.
var ErrExists = errors.New("file exists")

// ErrNotRegular is returned by Save and CheckSavePath when the path names
// something other than a regular file, a link or nothing: a directory, a
// device, a named pipe or a socket is never replaced or written through.
var ErrNotRegular = errors.New("not a regular file")

// tempFile is what Save needs of its temporary file.
type tempFile interface {
	safewrite.File
	Name() string
}

// createTemp makes the temporary file in dir. Tests replace it to make
// Write or Sync fail as a full disk does.
var createTemp = func(dir string) (tempFile, error) {
	f, err := safewrite.CreateTemp(dir, ".socpick-", ".yaml")
	if err != nil {
		return nil, err
	}
	return f, nil
}

// CheckSavePath says whether Save could write path, before there is
// anything to save, so that nothing is asked for a file that cannot be
// written: path must be missing (or, with force, a regular file or a
// link, which is replaced, never written through) in a directory that
// exists and takes new files.
func CheckSavePath(path string, force bool) error {
	if err := checkTarget(path, force); err != nil {
		return err
	}
	tmp, err := createTemp(filepath.Dir(path))
	if err != nil {
		return dirError(path, err)
	}
	tmp.Close()
	os.Remove(tmp.Name())
	return nil
}

// checkTarget refuses what is at path when Save must not replace it.
func checkTarget(path string, force bool) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return dirError(path, err)
	case !fi.Mode().IsRegular() && fi.Mode()&fs.ModeSymlink == 0:
		return fmt.Errorf("cannot write %s: it is %s, %w; name a new file or a regular one", path, prose.FileKind(fi.Mode()), ErrNotRegular)
	case fi.Mode()&fs.ModeSymlink != 0 && isDir(path):
		// Replacing the link would surprise whoever named a directory
		// through it: they meant a file in it.
		return fmt.Errorf("cannot write %s: it is a link to a directory, %w; name a file in it, or a new file", path, ErrNotRegular)
	case !force:
		return fmt.Errorf("%s: %w (use --force to overwrite it)", path, ErrExists)
	}
	return nil
}

// isDir reports whether path leads to a directory, links followed.
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// dirError says why a file could not be made beside path.
func dirError(path string, err error) error {
	dir := filepath.Dir(path)
	fi, serr := os.Stat(dir)
	switch {
	case errors.Is(serr, fs.ErrNotExist):
		return fmt.Errorf("cannot write %s: the directory %s does not exist", path, dir)
	case serr == nil && !fi.IsDir():
		return fmt.Errorf("cannot write %s: %s is not a directory", path, dir)
	}
	return fmt.Errorf("cannot write %s: %w", path, prose.Cause(err))
}

// Save writes data to path atomically: a temporary file in the same
// directory, then a link or rename into place, so that a reader never sees
// half a profile. Without force an existing file is left alone and
// ErrExists returned. Only a missing path, or with force a regular file
// or a link, is replaced (a link itself, not its target); anything else
// gives ErrNotRegular.
func Save(path string, data []byte, force bool) error {
	if err := checkTarget(path, force); err != nil {
		return err
	}
	tmp, err := createTemp(filepath.Dir(path))
	if err != nil {
		return dirError(path, err)
	}
	defer os.Remove(tmp.Name())
	err = safewrite.Fill(tmp, data)
	if err == nil {
		err = safewrite.KeepMode(tmp.Name(), path) // a private profile stays private
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, prose.Cause(err))
	}
	if force {
		// Again, as late as can be: what is there may have changed while
		// the temporary was written.
		if err := checkTarget(path, force); err != nil {
			return err
		}
		err = os.Rename(tmp.Name(), path)
	} else {
		// A link fails when path exists: no check-then-write race.
		err = os.Link(tmp.Name(), path)
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s: %w (use --force to overwrite it)", path, ErrExists)
		}
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, prose.Cause(err))
	}
	return nil
}
