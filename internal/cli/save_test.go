package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/prompt"
	"github.com/socpick/socpick/internal/prompt/prompttest"
)

// TestSavePathIsCheckedBeforeAsking: a --save that cannot be written is
// refused before the first question, so that no answers are typed in for
// nothing.
func TestSavePathIsCheckedBeforeAsking(t *testing.T) {
	rs := fixtureRuleset(t)
	dir := t.TempDir()
	t.Chdir(dir) // where a file named - would land
	existing := filepath.Join(dir, "acme.yaml")
	if err := os.WriteFile(existing, []byte("keep\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path  string
		force bool
		want  string
	}{
		{existing, false, "--save: " + existing + ": file exists (use --force to overwrite it)"},
		{filepath.Join(dir, "missing", "acme.yaml"), false, "the directory " + filepath.Join(dir, "missing") + " does not exist"},
		{dir, true, "--save: cannot write " + dir + ": it is a directory, not a regular file"},
		{"-", false, "--save -: a profile is saved to a file, not to standard output"},
	} {
		ios, out, _ := bufferStreams("")
		ios.inTTY, ios.outTTY = true, true
		fake := &prompttest.Fake{}
		ios.prompter = fake
		opts := &adviseOptions{IO: ios, Ruleset: rs, Format: "text", SavePath: tt.path, Force: tt.force}
		err := runAdvise(context.Background(), opts)
		var usage *usageError
		if !errors.As(err, &usage) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("--save %s: err = %v, want a usage error saying %q", tt.path, err, tt.want)
		}
		if len(fake.Asked) > 0 || out.Len() > 0 {
			t.Errorf("--save %s: asked %q and printed %d bytes before refusing", tt.path, fake.Asked, out.Len())
		}
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep\n" {
		t.Errorf("the existing file now holds %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the directory, want only acme.yaml", len(entries))
	}
}

// onAsk is a Prompter that runs a function before it answers a question
// whose message contains a text, to change the world while a person is
// answering.
type onAsk struct {
	*prompttest.Fake
	text string
	do   func()
}

func (p *onAsk) Select(q prompt.Select) (string, error) {
	if p.do != nil && strings.Contains(q.Message, p.text) {
		p.do()
		p.do = nil
	}
	return p.Fake.Select(q)
}

// TestSaveThatFailsAsksForAnotherFile: when the answers were typed in
// and the file cannot be written after all, another name is asked for,
// and the answers are saved there; an existing file offered at the save
// prompt is refused and asked again.
func TestSaveThatFailsAsksForAnotherFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "acme.yaml")
	other := filepath.Join(dir, "acme-2.yaml")
	ios, _, errOut := bufferStreams("")
	ios.inTTY, ios.outTTY = true, true
	// While the last question is answered, someone saves a file at the
	// same path: the save finds it there.
	p := &onAsk{
		Fake: &prompttest.Fake{Responses: map[string][]string{"File to save it to": {path, other}}},
		text: "Has a customer or contract required",
		do:   func() { os.WriteFile(path, []byte("theirs\n"), 0o644) },
	}
	ios.prompter = p
	opts := &adviseOptions{IO: ios, Ruleset: fixtureRuleset(t), Format: "text", SavePath: path, Name: "acme"}
	if err := runAdvise(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), path+": file exists") || !strings.Contains(errOut.String(), "saved the answers to "+other) {
		t.Errorf("stderr = %q, want the failure, then the save to %s", errOut, other)
	}
	if len(p.Rejected) != 1 || !strings.Contains(p.Rejected[0], path+" exists; choose another name") {
		t.Errorf("rejected %q, want %s refused once", p.Rejected, path)
	}
	if b, _ := os.ReadFile(path); string(b) != "theirs\n" {
		t.Errorf("%s was overwritten: %q", path, b)
	}
	if _, err := profile.Read(other, opts.Ruleset.Questions); err != nil {
		t.Errorf("the answers were not saved to %s: %v", other, err)
	}
}

// TestSaveOfferRefusesWhatCannotBeWritten: at the save offer after the
// advice, a name that cannot be written is refused and another asked for.
func TestSaveOfferRefusesWhatCannotBeWritten(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "acme.yaml")
	fake := &prompttest.Fake{Responses: map[string][]string{
		"Save these answers": {"y"},
		"The vendor's name":  {"acme"},
		"File to save it to": {"-", dir, filepath.Join(dir, "missing", "a.yaml"), path},
	}}
	ios, _, errOut := bufferStreams("")
	ios.inTTY, ios.outTTY = true, true
	ios.prompter = fake
	if err := runAdvise(context.Background(), &adviseOptions{IO: ios, Ruleset: fixtureRuleset(t), Format: "text"}); err != nil {
		t.Fatal(err)
	}
	want := []string{"give a file name", "it is a directory", "does not exist"}
	if len(fake.Rejected) != len(want) {
		t.Fatalf("rejected %q, want %d names refused", fake.Rejected, len(want))
	}
	for i, w := range want {
		if !strings.Contains(fake.Rejected[i], w) {
			t.Errorf("rejection %d = %q, want %q", i+1, fake.Rejected[i], w)
		}
	}
	if !strings.Contains(errOut.String(), "saved the answers to "+path) {
		t.Errorf("stderr = %q", errOut)
	}
}
