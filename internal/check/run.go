package check

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/profile"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/strictyaml"
)

// StdinPath is the argument that stands for standard input, and StdinName
// the file name its results and messages carry.
const (
	StdinPath = "-"
	StdinName = "<stdin>"
)

// Input is one profile file to check.
type Input struct {
	// Path is the file's path, or StdinPath.
	Path string
	// Err, when set, is why the file cannot be checked (a directory that
	// cannot be listed, a named pipe): the file's result is an error.
	Err error

	// root is the directory a file was found in, with every link
	// resolved; rel, when set, is the file to open within it, links
	// resolved too, so that what is read cannot lie outside root.
	root, rel string
}

// Collect turns the command line's paths into the files to check: a file
// as it is (whatever its name), a directory as every *.yaml and *.yml file
// under it (any case; hidden files and directories skipped; links to
// directories not followed), "-" as standard input. The files
// are sorted by path, each once, however it was named (a relative and an
// absolute path, a directory and a file in it). A path that does not
// exist, a directory that cannot be listed and a directory holding no
// profile (most likely the wrong one) are kept with what is wrong, so that
// their results say so without stopping the others.
//
// Only regular files are read: a named pipe would block and a device never
// end. A link found in a directory is followed only when it leads to a
// file within that directory: a link committed to a checked tree could
// otherwise show any file the run can read, such as a credential, in the
// output. A file named on the command line is followed wherever it leads.
//
// In the directories it walks, Collect leaves out the files and
// directories whose path below the directory named (slash-separated:
// "drafts/old.yaml") or whose name matches one of the exclude globs
// (path.Match patterns: "*.draft.yaml", "drafts", "archive/*"). A file
// named on the command line is checked whatever the globs say.
func Collect(args, exclude []string) ([]Input, error) {
	for _, g := range exclude {
		if _, err := path.Match(g, ""); err != nil {
			return nil, fmt.Errorf("--exclude %s: not a glob pattern (%v)", g, err)
		}
	}
	excluded := func(root, p string) bool {
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return false
		}
		rel = filepath.ToSlash(rel)
		for _, g := range exclude {
			if m, _ := path.Match(g, rel); m {
				return true
			}
			if m, _ := path.Match(g, path.Base(rel)); m {
				return true
			}
		}
		return false
	}
	seen := map[string]int{}
	dirs := map[string]string{} // a directory as named -> resolved
	var out []Input
	add := func(in Input) {
		// A file is the same however its directory is named (relative,
		// absolute, through a link); a link to a file is a file of its
		// own, named and checked as itself.
		key := in.Path
		if key != StdinPath {
			dir, base := filepath.Split(key)
			resolved, ok := dirs[dir]
			if !ok {
				resolved, _ = resolve(cmp.Or(dir, "."))
				dirs[dir] = resolved
			}
			if resolved != "" {
				key = filepath.Join(resolved, base)
			} else if abs, err := filepath.Abs(key); err == nil {
				key = abs
			}
		}
		i, dup := seen[key]
		switch {
		case !dup:
			seen[key] = len(out)
			out = append(out, in)
		case out[i].root == "" && in.root != "":
			// Found in a directory too: read as found there (links
			// only within it), named as first given.
			in.Path = out[i].Path
			out[i] = in
		}
	}
	for _, arg := range args {
		if arg == StdinPath {
			add(Input{Path: StdinPath})
			continue
		}
		arg = filepath.Clean(arg)
		fi, err := os.Stat(arg)
		if errors.Is(err, fs.ErrNotExist) {
			add(Input{Path: arg, Err: errors.New("no such file or directory")})
			continue
		}
		if err != nil || !fi.IsDir() {
			// Reading it says what else is wrong.
			add(Input{Path: arg, Err: notRegular(fi)})
			continue
		}
		root := arg
		if li, err := os.Lstat(arg); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			root += string(filepath.Separator) // walk the directory the link names
		}
		within, err := resolve(arg)
		if err != nil {
			add(Input{Path: arg, Err: fmt.Errorf("cannot read the directory: %w", prose.Cause(err))})
			continue
		}
		found := 0
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				found++
				add(Input{Path: path, root: within, Err: fmt.Errorf("cannot read the directory: %w", prose.Cause(err))})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			hidden := path != root && strings.HasPrefix(d.Name(), ".")
			if path != root && excluded(root, path) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if hidden {
					return fs.SkipDir
				}
				return nil
			}
			if ext := strings.ToLower(filepath.Ext(path)); !hidden && (ext == ".yaml" || ext == ".yml") {
				found++
				add(foundIn(root, within, path, d))
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, err)
		}
		if found == 0 {
			add(Input{Path: arg, Err: errors.New("no profiles in this directory (looked for *.yaml and *.yml files; hidden ones are skipped)")})
		}
	}
	slices.SortFunc(out, func(a, b Input) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// foundIn is the input for the file at path, found by walking root, whose
// links resolve to the absolute path within: a regular file, or a link to
// one within; anything else is an input with what is wrong.
func foundIn(root, within, path string, d fs.DirEntry) Input {
	in := Input{Path: path, root: within}
	switch {
	case d.Type()&fs.ModeSymlink != 0:
		target, err := resolve(path)
		if err != nil {
			in.Err = fmt.Errorf("a link that cannot be followed: %w", prose.Cause(err))
			return in
		}
		rel, err := filepath.Rel(within, target)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			in.Err = errors.New("links outside the checked directory (not followed: a link is read only when it leads to a file within the directory checked)")
			return in
		}
		fi, err := os.Stat(target)
		if err != nil {
			in.Err = fmt.Errorf("a link that cannot be followed: %w", prose.Cause(err))
			return in
		}
		if in.Err = notRegular(fi); in.Err == nil {
			in.rel = rel
		}
	case d.Type().IsRegular():
		rel, err := filepath.Rel(root, path)
		if err != nil {
			in.Err = err // not reached: WalkDir's paths start with root
			return in
		}
		in.rel = rel
	default:
		fi, err := d.Info()
		if err != nil {
			in.Err = fmt.Errorf("cannot read the directory: %w", prose.Cause(err))
			return in
		}
		in.Err = notRegular(fi)
	}
	return in
}

// resolve is the absolute path path names, with every link resolved.
func resolve(path string) (string, error) {
	resolved, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", err
	}
	return filepath.Abs(resolved)
}

// notRegular is profile.NotRegular, for a file that exists: nil for a
// directory, which the caller handles, and when fi is nil.
func notRegular(fi fs.FileInfo) error {
	if fi == nil || fi.IsDir() {
		return nil
	}
	return profile.NotRegular(fi.Mode())
}

// Options are what a run judges profiles by. The caller decides them once;
// the runner checks with them and the output (render) reads them to say
// what the results were judged on.
type Options struct {
	// AsOf is the date freshness is judged on; its clock time is ignored.
	AsOf time.Time
	// FailOn is the lowest severity that fails a profile.
	FailOn Severity
	// NoWaivers ignores the profiles' waivers: every finding as it is.
	NoWaivers bool
}

// Runner checks profile files against one compiled ruleset.
type Runner struct {
	Ruleset *engine.Ruleset
	Options
	// Stdin is read for the path "-".
	Stdin io.Reader
	// Jobs is how many files are read and checked at once; 0 means one
	// per CPU. Run uses at most MaxJobs, and no more than the files.
	Jobs int
}

// MaxJobs is the most files a run checks at once, whatever Jobs asks: a
// worker costs a goroutine and room for a few waiting results, and past
// a few per CPU more of them only add memory.
const MaxJobs = 256

// Run checks inputs and calls emit with each result in the order of
// inputs, from the calling goroutine, as soon as it and every result
// before it are ready. At most a few results per worker wait for their
// turn, so memory does not grow with the number of files. At the first
// error from emit, or when ctx is done, Run stops handing out files, waits
// for the workers to finish the file each has in hand, and returns the
// error.
func (r *Runner) Run(ctx context.Context, inputs []Input, emit func(*Result) error) (Summary, error) {
	ctx, cancel := context.WithCancel(ctx)
	jobs := r.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	jobs = max(1, min(jobs, MaxJobs, len(inputs)))
	type job struct {
		in  Input
		out chan *Result
	}
	work := make(chan job)
	// pending holds each job's result channel in input order; its capacity
	// bounds how far the workers may run ahead of emit.
	pending := make(chan chan *Result, 4*jobs)
	go func() {
		defer close(work)
		defer close(pending)
		for _, in := range inputs {
			if ctx.Err() != nil {
				return // select picks at random among ready cases: ask first
			}
			j := job{in: in, out: make(chan *Result, 1)}
			select {
			case pending <- j.out:
			case <-ctx.Done():
				return
			}
			select {
			case work <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range jobs {
		wg.Go(func() {
			for j := range work {
				if ctx.Err() != nil {
					continue // stopped: drain without reading more files
				}
				j.out <- r.Check(j.in)
			}
		})
	}
	// On an early return, stop the feeder and let the workers finish the
	// file each has in hand.
	defer func() {
		cancel()
		wg.Wait()
	}()

	var sum Summary
	for out := range pending {
		var res *Result
		select {
		case res = <-out:
		case <-ctx.Done():
			return sum, ctx.Err()
		}
		sum.Add(res)
		if err := emit(res); err != nil {
			return sum, err
		}
	}
	if sum.Files < len(inputs) {
		return sum, ctx.Err() // stopped before the end
	}
	return sum, nil
}

// Check reads, evaluates and checks one file. A file that cannot be used
// gives a result with status error and one invalid-profile finding.
func (r *Runner) Check(in Input) *Result {
	name := in.Path
	if name == StdinPath {
		name = StdinName
	}
	if in.Err != nil {
		return invalid(name, strictyaml.Pos{}, in.Err.Error())
	}
	qs := r.Ruleset.Questions
	var p *profile.Profile
	var err error
	if in.Path == StdinPath {
		p, err = profile.ReadFrom(name, r.Stdin, qs)
	} else if in.rel != "" {
		p, err = profile.ReadIn(in.root, in.rel, name, qs)
	} else {
		p, err = profile.Read(in.Path, qs)
	}
	if err != nil {
		return invalidFromError(name, err)
	}
	if missing := qs.Missing(p.Answers); len(missing) > 0 {
		keys := make([]string, len(missing))
		for i, q := range missing {
			keys[i] = q.Key
		}
		pos := p.AnswersPos
		if pos.Line == 0 {
			pos = p.Pos
		}
		res := invalid(name, pos, fmt.Sprintf("answers: %s not answered: %s ('socpick questions' lists every question and its values)",
			prose.Plural(len(keys), "question"), strings.Join(keys, ", ")))
		res.Profile = p.Name
		return res
	}
	if probs := WaiverProblems(p, r.AsOf); len(probs) > 0 {
		res := invalidFromError(name, &strictyaml.Problems{File: name, Items: probs})
		res.Profile = p.Name
		return res
	}
	d, err := r.Ruleset.EvaluateAt(p.Answers, p.Situation(r.AsOf))
	if err != nil {
		res := invalid(name, p.Pos, "the rules could not be evaluated for these answers: "+err.Error())
		res.Profile = p.Name
		return res
	}
	if w := r.Ruleset.HeldContradiction(p.Answers, p.RenewedIDs()); w != nil {
		d.Warnings = append(d.Warnings, *w)
	}
	findings := Findings(p, d, r.AsOf, r.Ruleset.Catalog)
	if !r.NoWaivers {
		findings = ApplyWaivers(p, findings, r.AsOf)
	}
	res := &Result{File: name, Profile: p.Name, Status: Pass, Decision: d, Findings: findings}
	for _, f := range res.Findings {
		if f.Fails(r.FailOn) {
			res.Status = Fail
			break
		}
	}
	return res
}

func invalid(file string, pos strictyaml.Pos, msg string) *Result {
	return &Result{File: file, Status: Errored, Findings: []Finding{{
		Code: InvalidProfile, Severity: defaultSeverity[InvalidProfile],
		Message: msg, Line: pos.Line, Column: pos.Column,
	}}}
}

// invalidFromError makes the one invalid-profile finding of a file from
// its problems: at the first problem's position, with every problem in
// the message, the later ones each on a line of its own with theirs.
func invalidFromError(file string, err error) *Result {
	var probs *strictyaml.Problems
	if !errors.As(err, &probs) || len(probs.Items) == 0 {
		return invalid(file, strictyaml.Pos{}, err.Error())
	}
	first := probs.Items[0]
	var b strings.Builder
	b.WriteString(first.Msg)
	for _, it := range probs.Items[1:] {
		b.WriteByte('\n')
		if it.Line > 0 {
			fmt.Fprintf(&b, "%d:%d: ", it.Line, it.Column)
		}
		b.WriteString(it.Msg)
	}
	res := invalid(file, first.Pos, b.String())
	res.Findings[0].Also = probs.Items[1:]
	return res
}
