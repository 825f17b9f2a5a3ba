package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/check"
	"github.com/socpick/socpick/internal/render"
	"github.com/socpick/socpick/internal/strictyaml"
)

// ConfigFile is the settings file socpick looks for in the working
// directory and each directory above it, up to the repository's root (a
// directory holding .git).
const ConfigFile = ".socpick.yaml"

// settingsEnv are the environment variables that stand for settings.
var settingsEnv = []string{"SOCPICK_FORMAT", "SOCPICK_FAIL_ON", "SOCPICK_RULES", "SOCPICK_EXCLUDE", "SOCPICK_JOBS"}

// fileSettings is .socpick.yaml: defaults for check and the rules, for
// everyone who works in the repository and for its CI.
type fileSettings struct {
	Format  string   `yaml:"format"`
	FailOn  string   `yaml:"fail-on"`
	Rules   string   `yaml:"rules"`
	Exclude []string `yaml:"exclude"`
	Jobs    *int     `yaml:"jobs"`
	KeyPos  map[string]strictyaml.Pos
}

// setting is one setting's value and where it came from: a flag, a
// variable, the settings file, or socpick's default.
type setting struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	From  string `json:"from"`
}

// settings are the settings in effect, found once per command line.
type settings struct {
	path  string // the settings file read, "" for none
	file  fileSettings
	env   map[string]string
	err   error
	found bool
}

// Settings reads the settings file, once; a file that is not valid is an
// error of every command that uses a setting.
func (f *Factory) Settings() *settings {
	if f.settings != nil {
		return f.settings
	}
	s := &settings{env: f.IO.env}
	f.settings = s
	s.path = findConfig(f.IO.workDir)
	if s.path == "" {
		return s
	}
	data, err := strictyaml.ReadFile(os.DirFS(filepath.Dir(s.path)), filepath.Base(s.path))
	if err != nil {
		s.err = fmt.Errorf("%s: %w", s.path, err)
		return s
	}
	if strictyaml.Blank(data) {
		// Every setting commented out, or none yet: no settings, as no
		// file.
		s.found = true
		return s
	}
	root, err := strictyaml.Parse(s.path, data)
	if err != nil {
		s.err = err
		return s
	}
	probs := &strictyaml.Problems{File: s.path}
	if root.Kind == yaml.MappingNode || root.Kind == yaml.DocumentNode {
		strictyaml.Decode(root, &s.file, "", probs)
	}
	// Values of the right type are checked where they are used, as a
	// variable's are (settings.problem): config shows them first.
	s.err = probs.Err()
	s.found = s.err == nil
	return s
}

// findConfig looks for the settings file in dir and each directory above
// it, stopping at the first that holds .git; "" when there is none.
func findConfig(dir string) string {
	for dir != "" {
		p := filepath.Join(dir, ConfigFile)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	return ""
}

// value returns a setting from the first place that has it: the flag (when
// changed), the variable, the file, or the default.
func (s *settings) value(cmd *cobra.Command, flag, env string, file, def string) setting {
	if cmd != nil {
		if fl := cmd.Flags().Lookup(flag); fl != nil && fl.Changed {
			return setting{flag, fl.Value.String(), "--" + flag}
		}
	}
	if v, ok := s.env[env]; ok && v != "" {
		return setting{flag, v, env}
	}
	if s.found && file != "" {
		return setting{flag, file, s.path}
	}
	return setting{flag, def, "default"}
}

// all lists every setting in effect for cmd (nil: as no flag is given).
func (s *settings) all(cmd *cobra.Command, rulesFlag *rulesFlag) []setting {
	jobs := ""
	if s.file.Jobs != nil {
		jobs = strconv.Itoa(*s.file.Jobs)
	}
	rules := setting{"rules", "", "default"}
	switch {
	case rulesFlag != nil && rulesFlag.set:
		rules = setting{"rules", rulesFlag.dir, "--rules"}
	case s.env["SOCPICK_RULES"] != "":
		rules = setting{"rules", s.env["SOCPICK_RULES"], "SOCPICK_RULES"}
	case s.found && s.file.Rules != "":
		rules = setting{"rules", s.rulesDir(), s.path}
	}
	return []setting{
		s.value(cmd, "format", "SOCPICK_FORMAT", s.file.Format, "text"),
		s.value(cmd, "fail-on", "SOCPICK_FAIL_ON", s.file.FailOn, "error"),
		rules,
		s.value(cmd, "exclude", "SOCPICK_EXCLUDE", strings.Join(s.file.Exclude, ","), ""),
		s.value(cmd, "jobs", "SOCPICK_JOBS", jobs, "0"),
	}
}

// rulesFrom names the settings file's rules for an error, as written
// there: ".socpick.yaml (rules: DIR)", the file named from workDir (it
// may be in a directory above), and the directory it stands for when
// that reads differently.
func (s *settings) rulesFrom(workDir string) string {
	file := s.path
	if workDir != "" {
		if rel, err := filepath.Rel(workDir, s.path); err == nil {
			file = rel
		}
	}
	dir := s.rulesDir()
	if workDir != "" && !filepath.IsAbs(s.file.Rules) {
		if rel, err := filepath.Rel(workDir, dir); err == nil {
			dir = rel
		}
	}
	if dir == filepath.Clean(s.file.Rules) {
		return fmt.Sprintf("%s (rules: %s)", file, s.file.Rules)
	}
	return fmt.Sprintf("%s (rules: %s, that is %s)", file, s.file.Rules, dir)
}

// rulesDir is the settings file's rules, relative to the file's directory.
func (s *settings) rulesDir() string {
	if s.file.Rules == "" || filepath.IsAbs(s.file.Rules) {
		return s.file.Rules
	}
	return filepath.Join(filepath.Dir(s.path), s.file.Rules)
}

// applyCheckSettings fills check's options that no flag set from the
// environment and the settings file.
func applyCheckSettings(cmd *cobra.Command, s *settings, opts *checkOptions) error {
	if s.err != nil {
		return s.err
	}
	for _, st := range s.all(cmd, nil) {
		if strings.HasPrefix(st.From, "--") || st.From == "default" {
			continue
		}
		if err := s.problem(st); err != nil {
			return err
		}
		switch st.Name {
		case "format":
			opts.Format = st.Value
		case "fail-on":
			opts.FailOn = st.Value
		case "exclude":
			opts.Exclude = splitList(st.Value)
		case "jobs":
			opts.Jobs, _ = strconv.Atoi(st.Value)
		}
	}
	return nil
}

// problem is what is wrong with the value of a setting from a variable or
// the settings file, as a usage error that names where the value came
// from (a flag's own checks name the flag); nil when it is valid.
func (s *settings) problem(st setting) error {
	where := st.From // the variable
	if st.From == s.path {
		pos := s.file.KeyPos[st.Name]
		where = fmt.Sprintf("%s:%d:%d: %s", s.path, pos.Line, pos.Column, st.Name)
	}
	switch st.Name {
	case "format":
		if !slices.Contains(render.CheckOutput.Formats(), st.Value) {
			return usageErrorf("%s: unknown format %q (want %s)", where, st.Value, render.CheckOutput.Want())
		}
	case "fail-on":
		if _, err := check.ParseSeverity(st.Value); err != nil {
			return usageErrorf("%s: %v", where, err)
		}
	case "jobs":
		if n, err := strconv.Atoi(st.Value); err != nil || n < 0 {
			return usageErrorf("%s: %q is not a number of files (want 0 for one per CPU, or more)", where, st.Value)
		}
	}
	return nil
}

// splitList splits a list setting: commas or spaces.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}

func newConfigCmd(f *Factory) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the settings in effect and where each comes from",
		Long: `Print the settings in effect (format, fail-on, rules, exclude, jobs) and where
each comes from. A setting comes from the first of: its flag, its SOCPICK_*
variable (SOCPICK_FORMAT, SOCPICK_FAIL_ON, SOCPICK_RULES, SOCPICK_EXCLUDE,
SOCPICK_JOBS), the settings file .socpick.yaml (looked for in the working
directory and each one above it, up to the repository's root), or socpick's
default. format, fail-on, exclude and jobs are check's; rules is every
command's.`,
		Example: `  socpick config
  socpick config --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s := f.Settings()
			if s.err != nil {
				return s.err
			}
			list := s.all(nil, &f.rules)
			// The settings as they are, then what is wrong with them:
			// check would refuse them the same way.
			var problems []error
			for _, st := range list {
				if st.From != "default" && !strings.HasPrefix(st.From, "--") {
					if err := s.problem(st); err != nil {
						problems = append(problems, err)
					}
				}
			}
			switch format {
			case "json":
				if err := render.WriteJSON(f.IO.Out, list); err != nil {
					return err
				}
			case "text":
				for _, st := range list {
					v := st.Value
					if v == "" {
						v = "(none)"
					}
					if _, err := fmt.Fprintf(f.IO.Out, "%-8s %-24s %s\n", st.Name, v, st.From); err != nil {
						return err
					}
				}
			default:
				return formatError(errors.New("unknown format " + strconv.Quote(format) + " (want text or json)"))
			}
			if len(problems) > 0 {
				return &usageError{err: errors.Join(problems...)}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: `text` or json")
	return cmd
}
