package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/prose"
	"github.com/socpick/socpick/internal/render"
	"github.com/socpick/socpick/internal/safewrite"
)

// outputs are check's --output FORMAT=FILE: more formats of one run, each
// written to a temporary file beside its target and renamed over it once
// the run is complete, so that an interrupted run leaves no half file.
type outputs []*output

type output struct {
	path     string
	tmp      *os.File
	w        *bufio.Writer
	renderer render.CheckRenderer
	// err is the first error writing it: the output is dropped, and the
	// others go on.
	err error
}

func openOutputs(specs []string, run render.CheckRun) (outputs, error) {
	var out outputs
	seen := map[string]string{}          // a file's absolute path: the --output that names it
	existing := map[string]os.FileInfo{} // an --output whose file exists: the file
	for _, spec := range specs {
		format, path, ok := strings.Cut(spec, "=")
		if !ok || format == "" || path == "" {
			out.discard()
			return nil, usageErrorf("--output %s: want FORMAT=FILE, e.g. --output sarif=socpick.sarif", spec)
		}
		if path == "-" {
			out.discard()
			return nil, usageErrorf("--output %s: each output needs a file of its own (the results go to standard output already)", spec)
		}
		// The same file however it is spelled (./x.json, x.json).
		key, err := filepath.Abs(path)
		if err != nil {
			key = filepath.Clean(path)
		}
		fi, statErr := os.Stat(path)
		prev, dup := seen[key]
		for other, st := range existing {
			if statErr == nil && os.SameFile(fi, st) { // through a link, or another case
				prev, dup = other, true
			}
		}
		if dup {
			out.discard()
			return nil, usageErrorf("--output %s: each output needs a file of its own (--output %s writes there too)", spec, prev)
		}
		seen[key] = spec
		if statErr == nil {
			if fi.IsDir() {
				out.discard()
				return nil, usageErrorf("--output %s: %s is a directory: name a file to write", spec, path)
			}
			existing[spec] = fi
		}
		// Every output lists what it lists; --quiet is for the screen.
		run := run
		run.Quiet = false
		r, err := render.NewCheck(format, run, render.Options{})
		if err != nil {
			out.discard()
			return nil, &usageError{err: fmt.Errorf("--output %s: %w", spec, err)}
		}
		dir := filepath.Dir(path)
		tmp, err := safewrite.CreateTemp(dir, ".socpick-", ".tmp")
		if err != nil {
			out.discard()
			return nil, &usageError{err: fmt.Errorf("--output %s: cannot write in %s: %s", spec, dir, prose.Cause(err))}
		}
		out = append(out, &output{path: path, tmp: tmp, w: bufio.NewWriter(tmp), renderer: r})
	}
	return out, nil
}

func (o outputs) begin() {
	for _, x := range o {
		x.write(func() error { return x.renderer.Begin(x.w) })
	}
}

func (o outputs) result(r *check.Result) {
	for _, x := range o {
		x.write(func() error { return x.renderer.Result(x.w, r) })
	}
}

// write writes to x, unless an earlier write failed.
func (x *output) write(fn func() error) {
	if x.err == nil {
		x.err = fn()
	}
}

// end completes each output and puts it in place, and says which could
// not be written: one that fails, at any point of the run, does not keep
// the others from theirs.
func (o outputs) end(sum check.Summary) error {
	var errs []error
	for _, x := range o {
		x.write(func() error { return x.finish(sum) })
		if x.err != nil {
			errs = append(errs, fmt.Errorf("writing %s: %w", x.path, prose.Cause(x.err)))
		}
	}
	return errors.Join(errs...)
}

func (x *output) finish(sum check.Summary) error {
	if err := x.renderer.End(x.w, sum); err != nil {
		return err
	}
	if err := x.w.Flush(); err != nil {
		return err
	}
	if err := x.tmp.Sync(); err != nil {
		return err
	}
	if err := x.tmp.Close(); err != nil {
		return err
	}
	// A report replaced keeps its permissions, as a saved profile does.
	if err := safewrite.KeepMode(x.tmp.Name(), x.path); err != nil {
		return err
	}
	if err := os.Rename(x.tmp.Name(), x.path); err != nil {
		return err
	}
	x.tmp = nil
	return nil
}

// discard removes the temporary files of outputs not put in place.
func (o outputs) discard() {
	for _, x := range o {
		if x.tmp != nil {
			x.tmp.Close()
			os.Remove(x.tmp.Name())
		}
	}
}
