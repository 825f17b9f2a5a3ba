package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/strictyaml"
	"github.com/socpick/socpick/rules"
)

// Factory hands commands what they share: the streams, and the ruleset,
// loaded on first use. Commands that do not need the ruleset (version,
// help, completion, rules export) never parse it. A factory serves one
// command line, on one goroutine.
type Factory struct {
	IO *IOStreams

	// rules is the --rules flag, bound by the root command.
	rules rulesFlag

	// settings are .socpick.yaml and the SOCPICK_* variables, read once.
	settings *settings

	loaded    bool   // a load was done, whatever its outcome
	loadedDir string // the directory it was done for
	ruleset   *engine.Ruleset
	err       error
}

// NewFactory returns a factory on the streams.
func NewFactory(ios *IOStreams) *Factory { return &Factory{IO: ios} }

// RulesDir is the ruleset directory in use: --rules when given, else
// SOCPICK_RULES, else .socpick.yaml's rules; "" is the embedded default.
func (f *Factory) RulesDir() string {
	dir, _ := f.rulesOrigin()
	return dir
}

// rulesOrigin is the ruleset directory in use and where it was named, in
// the words of that place, for its errors: "--rules DIR",
// "SOCPICK_RULES=DIR", ".socpick.yaml (rules: DIR)". A directory that
// came from a variable or a file the user forgot about must say so, or
// the message sends them looking for a --rules they never gave.
func (f *Factory) rulesOrigin() (dir, from string) {
	if f.rules.set {
		return f.rules.dir, "--rules " + f.rules.dir
	}
	if dir := f.IO.env["SOCPICK_RULES"]; dir != "" { // the ruleset when --rules is not given: a CI job sets it once
		return dir, "SOCPICK_RULES=" + dir
	}
	if s := f.Settings(); s.found && s.file.Rules != "" {
		return s.rulesDir(), s.rulesFrom(f.IO.workDir)
	}
	return "", ""
}

// RulesFS returns the files of the ruleset in use and the name that stands
// for them in messages: the directory, or "rules" for the embedded default.
func (f *Factory) RulesFS() (fs.FS, string) {
	if dir := f.RulesDir(); dir != "" {
		return os.DirFS(dir), dir
	}
	return rules.FS, embeddedName
}

// Ruleset loads the ruleset in use on the first call and returns it, or
// why it could not be loaded, on every call. advise's question flags load
// it before the command line is parsed, from --rules read ahead; should
// the parsed --rules name another directory, that one is loaded: the
// ruleset is always the one the command line names.
func (f *Factory) Ruleset() (*engine.Ruleset, error) {
	if err := f.Settings().err; err != nil {
		return nil, err
	}
	if dir, from := f.rulesOrigin(); !f.loaded || f.loadedDir != dir {
		f.ruleset, f.err = loadRulesetFrom(dir, from)
		f.loaded, f.loadedDir = true, dir
	}
	return f.ruleset, f.err
}

// loadInto sets *dst to the ruleset in use, for a command's options.
func (f *Factory) loadInto(dst **engine.Ruleset) error {
	rs, err := f.Ruleset()
	*dst = rs
	return err
}

// loadFailed is the error loading the ruleset, when it was loaded and
// failed; nil when it loaded or was not needed.
func (f *Factory) loadFailed() error {
	if !f.loaded {
		return nil
	}
	return f.err
}

// rulesFlag is the value of --rules, which remembers being set. An empty
// --rules is refused: it is most often a CI variable that is not set, and
// taking it for the embedded default would check with rules nobody meant.
type rulesFlag struct {
	dir string
	set bool
}

func (r *rulesFlag) String() string { return r.dir }
func (r *rulesFlag) Type() string   { return "string" }
func (r *rulesFlag) Set(s string) error {
	if s == "" {
		return errors.New("an empty DIR (is the variable it came from unset?); for the embedded default ruleset, leave out --rules, with SOCPICK_RULES unset or empty")
	}
	r.dir, r.set = s, true
	return nil
}

// loadRulesetFrom loads the embedded default, or the ruleset in dir; from
// says where dir was named (see rulesOrigin), for the error of a dir that
// is not one.
func loadRulesetFrom(dir, from string) (*engine.Ruleset, error) {
	if dir == "" {
		return engine.Load(rules.FS)
	}
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a directory (want a ruleset directory holding questions.yaml, catalog.yaml and *.rules.yaml)", from)
	}
	rs, err := engine.Load(os.DirFS(dir))
	if err != nil {
		nameFilesIn(dir, err)
		return nil, err
	}
	rs.Dir = dir
	return rs, nil
}

// nameFilesIn puts dir in front of the file names of the problems in err,
// so that FILE:LINE:COL names a file the user can open.
func nameFilesIn(dir string, err error) {
	if probs, ok := err.(*strictyaml.Problems); ok {
		probs.File = filepath.Join(dir, probs.File)
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			nameFilesIn(dir, e)
		}
	}
}

// questionFlags is the annotation of a command whose flags include one per
// question of the ruleset (advise): they are added before the command line
// is parsed, by addQuestionFlags.
const questionFlags = "socpick/question-flags"

// prepareQuestionFlags adds the question flags to the command args run, when
// it is one that takes them (or its help, or a completion request for
// it). The ruleset they come from depends on --rules, so that one flag is
// read first, by pflag with the command's own flag definitions.
func (f *Factory) prepareQuestionFlags(root *cobra.Command, args []string) {
	target := args
	if len(target) > 0 && (target[0] == cobra.ShellCompRequestCmd || target[0] == cobra.ShellCompNoDescRequestCmd) {
		target = target[1:]
	}
	root.InitDefaultHelpCmd() // cobra adds help when it executes; Find must know it now
	cmd, rest, err := root.Find(target)
	if err == nil && cmd.Name() == "help" && cmd.Parent() == root {
		cmd, rest, err = root.Find(rest) // help advise: advise's help lists the flags
	}
	if err != nil || cmd.Annotations[questionFlags] == "" {
		return
	}
	f.readRulesFlag(cmd, rest)
	rs, err := f.Ruleset()
	if err != nil {
		return // the command reports it when it runs, or at a flag error
	}
	addQuestionFlags(cmd, rs)
}

// readRulesFlag sets --rules from args before cobra parses them: a scratch
// copy of cmd's flags parses args, ignoring the question flags it does
// not know yet (their values are skipped with them).
func (f *Factory) readRulesFlag(cmd *cobra.Command, args []string) {
	scratch := pflag.NewFlagSet("", pflag.ContinueOnError)
	scratch.SetOutput(io.Discard)
	scratch.ParseErrorsAllowlist.UnknownFlags = true
	var rules rulesFlag
	copyFlag := func(fl *pflag.Flag) {
		if scratch.Lookup(fl.Name) != nil {
			return
		}
		v := pflag.Value(&ignored{typ: fl.Value.Type()})
		if fl.Name == "rules" {
			v = &rules
		}
		scratch.AddFlag(&pflag.Flag{Name: fl.Name, Shorthand: fl.Shorthand, Value: v, NoOptDefVal: fl.NoOptDefVal})
	}
	cmd.LocalFlags().VisitAll(copyFlag)
	cmd.InheritedFlags().VisitAll(copyFlag)
	// cobra adds --help (-h) when it executes; without it here, pflag
	// would stop at --help and the --rules beside it would go unread.
	if scratch.Lookup("help") == nil {
		help := &pflag.Flag{Name: "help", Value: &ignored{typ: "bool"}, NoOptDefVal: "true"}
		if scratch.ShorthandLookup("h") == nil {
			help.Shorthand = "h"
		}
		scratch.AddFlag(help)
	}
	_ = scratch.Parse(args) // an error is cobra's to report; what was read stands
	if rules.set {
		f.rules = rules
	}
}

// ignored is a flag value that is parsed and thrown away.
type ignored struct{ typ string }

func (v *ignored) String() string   { return "" }
func (v *ignored) Type() string     { return v.typ }
func (v *ignored) Set(string) error { return nil }
