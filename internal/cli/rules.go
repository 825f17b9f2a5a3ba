package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/render"
	"github.com/socpick/socpick/internal/ruletest"
	"github.com/socpick/socpick/internal/strictyaml"
	"github.com/socpick/socpick/rules"
)

// embeddedName stands for the embedded default ruleset in messages: the
// directory it comes from in socpick's source, and what `rules export`
// writes.
const embeddedName = "rules"

// rulesSource is where the ruleset in use comes from: the directory of
// --rules, or the embedded default.
func rulesSource(cmd *cobra.Command) (fsys fs.FS, dir string) {
	if f := cmd.Flag("rules"); f != nil && f.Value.String() != "" {
		return os.DirFS(f.Value.String()), f.Value.String()
	}
	return rules.FS, embeddedName
}

func newRulesCmd(ios *IOStreams, rs *engine.Ruleset, rulesErr error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "Export, validate, list, show, test and graph the ruleset",
		Long: `The questions, rules and report catalog socpick decides with are YAML files:
the embedded default, or a directory given with --rules DIR. These commands
help own a ruleset like code: start from a copy of the default (export), check
it (validate), read it (list, show, graph) and test it (test).

See docs/rules.md for the format and a worked example.`,
		Example: `  socpick rules export my-rules
  socpick --rules my-rules rules validate
  socpick --rules my-rules rules test --coverage
  socpick --rules my-rules advise --profile vendors/acme.yaml`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	// Every subcommand but export needs the ruleset to have loaded.
	loaded := func(run func(cmd *cobra.Command, args []string) error) func(cmd *cobra.Command, args []string) error {
		return func(cmd *cobra.Command, args []string) error {
			if rulesErr != nil {
				return rulesErr
			}
			return run(cmd, args)
		}
	}
	cmd.AddCommand(newRulesExportCmd(ios))
	cmd.AddCommand(newRulesValidateCmd(ios, rs, loaded))
	cmd.AddCommand(newRulesListCmd(ios, rs, loaded))
	cmd.AddCommand(newRulesShowCmd(ios, rs, loaded))
	cmd.AddCommand(newRulesTestCmd(ios, rs, loaded))
	cmd.AddCommand(newRulesGraphCmd(ios, rs, loaded))
	return cmd
}

type runner = func(cmd *cobra.Command, args []string) error

// --- export ---

type rulesExportOptions struct {
	IO    *IOStreams
	Dir   string
	Force bool
}

func newRulesExportCmd(ios *IOStreams) *cobra.Command {
	opts := &rulesExportOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "export DIR",
		Short: "Write the embedded default ruleset to DIR, as a starting point",
		Long: `Write the embedded default ruleset (questions.yaml, catalog.yaml, the
*.rules.yaml files and their *.test.yaml cases) to DIR, created if need be.
Advice with --rules DIR is then the same as with the default, until you change
it. A DIR that is not empty is refused unless --force, which overwrites the
files of the same names and leaves the others.`,
		Example: `  socpick rules export my-rules
  socpick --rules my-rules advise --profile vendors/acme.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("rules export needs one DIR to write to")
			}
			opts.Dir = args[0]
			return runRulesExport(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "write into a DIR that is not empty, overwriting files of the same names")
	return cmd
}

func runRulesExport(opts *rulesExportOptions) error {
	entries, err := os.ReadDir(opts.Dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
			return fmt.Errorf("%s: cannot create the directory: %w", opts.Dir, unwrapPathError(err))
		}
	case err != nil:
		return fmt.Errorf("%s: not a directory I can write to: %w", opts.Dir, unwrapPathError(err))
	case len(entries) > 0 && !opts.Force:
		return fmt.Errorf("%s is not empty: export into a new or empty directory, or add --force to overwrite the files of the same names", opts.Dir)
	}
	names, err := fs.Glob(rules.FS, "*.yaml")
	if err != nil {
		return err
	}
	for _, name := range names {
		data, err := fs.ReadFile(rules.FS, name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(opts.Dir, name), data, 0o644); err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(opts.Dir, name), unwrapPathError(err))
		}
	}
	fmt.Fprintf(opts.IO.ErrOut, "socpick: wrote %d files to %s; use them with: socpick --rules %s ...\n", len(names), opts.Dir, opts.Dir)
	return nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// --- validate ---

type rulesValidateOptions struct {
	IO      *IOStreams
	Ruleset *engine.Ruleset
	Dir     string
	Samples int
}

func newRulesValidateCmd(ios *IOStreams, rs *engine.Ruleset, loaded func(runner) runner) *cobra.Command {
	opts := &rulesValidateOptions{IO: ios, Ruleset: rs}
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Load and compile the ruleset; warn of rules that never fire and questions no rule reads",
		Long: `Load and compile every file of the ruleset. Errors (bad YAML, an unknown key,
an unknown answer key or a type mismatch in a condition, an unknown report,
type, criterion or also-consider id, a duplicate rule id) are listed as
FILE:LINE:COL, with exit status 2.

Then look for what loading cannot see:
  - questions whose answer no rule's condition reads (warning);
  - by evaluating sampled answer sets (the answer space is too large to walk
    whole): rules that never fire (warning), rules of the same priority
    that set a report's type differently for the same answers (warning),
    and answers the ruleset cannot evaluate, such as a recommended report
    that no rule gives a type (error, exit status 2).`,
		Example: `  socpick rules validate
  socpick --rules my-rules rules validate`,
		Args: noArgs,
		RunE: loaded(func(cmd *cobra.Command, args []string) error {
			_, opts.Dir = rulesSource(cmd)
			return runRulesValidate(opts)
		}),
	}
	cmd.Flags().IntVar(&opts.Samples, "samples", 20000, "how many answer sets to evaluate, looking for rules that never fire")
	return cmd
}

func runRulesValidate(opts *rulesValidateOptions) error {
	if opts.Samples < 1 {
		return usageErrorf("--samples: %d is too few (want 1 or more)", opts.Samples)
	}
	rs := opts.Ruleset
	findings := rs.Analyze(opts.Samples)
	errs, warns := 0, 0
	for _, f := range findings {
		f.File = filepath.Join(opts.Dir, f.File)
		fmt.Fprintln(opts.IO.Out, f)
		if f.Error {
			errs++
		} else {
			warns++
		}
	}
	fmt.Fprintf(opts.IO.Out, "%s: %d rules, %d questions: %s, %s (%d answer sets sampled)\n",
		opts.Dir, len(rs.Rules), len(rs.Questions.Questions), counted(errs, "error"), counted(warns, "warning"), opts.Samples)
	if errs > 0 {
		return &reportedError{code: ExitUsage, what: "the ruleset cannot evaluate some answers"}
	}
	return nil
}

func counted(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// --- list and show ---

type rulesListOptions struct {
	IO      *IOStreams
	Ruleset *engine.Ruleset
	Format  string
}

// ruleJSON is a rule as `rules list --format json` and `rules show
// --format json` write it.
type ruleJSON struct {
	ID           string            `json:"id"`
	Description  string            `json:"description,omitempty"`
	File         string            `json:"file"`
	Line         int               `json:"line"`
	When         string            `json:"when"`
	Reads        []string          `json:"reads"`
	Priority     int               `json:"priority"`
	Recommend    []string          `json:"recommend,omitempty"`
	Exclude      []string          `json:"exclude,omitempty"`
	Type         map[string]string `json:"type,omitempty"`
	Interim      []string          `json:"interim,omitempty"`
	Criteria     []string          `json:"criteria,omitempty"`
	AlsoConsider []string          `json:"also_consider,omitempty"`
	Note         bool              `json:"note,omitempty"`
	NextSteps    []string          `json:"next_steps,omitempty"`
	Reason       string            `json:"reason,omitempty"`
	Source       string            `json:"source"`
}

func newRuleJSON(r *engine.Rule) ruleJSON {
	j := ruleJSON{
		ID: r.ID, Description: r.Description, File: r.File, Line: r.Pos.Line, When: oneLine(r.When), Reads: r.Reads,
		Priority: r.Priority, Recommend: r.Recommend, Exclude: r.Exclude, Interim: r.Interim, Criteria: r.Criteria,
		AlsoConsider: r.AlsoConsider, Note: r.Note, Source: r.Source,
	}
	if len(r.Type) > 0 {
		j.Type = r.Type
	}
	if r.Reason != nil {
		j.Reason = oneLine(r.Reason.Text)
	}
	for _, t := range r.NextSteps {
		j.NextSteps = append(j.NextSteps, oneLine(t.Text))
	}
	if j.Reads == nil {
		j.Reads = []string{}
	}
	return j
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// outcomes says in a few words what a rule decides: "recommend soc1",
// "type soc2=type2 (priority 10)".
func outcomes(r *engine.Rule) string {
	var parts []string
	add := func(label string, ids []string) {
		if len(ids) > 0 {
			parts = append(parts, label+" "+strings.Join(ids, ","))
		}
	}
	add("recommend", r.Recommend)
	add("exclude", r.Exclude)
	if len(r.Type) > 0 {
		var ts []string
		for _, rep := range []string{"soc1", "soc2", "soc3"} {
			if t, ok := r.Type[rep]; ok {
				ts = append(ts, rep+"="+t)
			}
		}
		parts = append(parts, fmt.Sprintf("type %s (priority %d)", strings.Join(ts, ","), r.Priority))
	}
	add("interim", r.Interim)
	add("criteria", r.Criteria)
	add("also-consider", r.AlsoConsider)
	if r.Note {
		parts = append(parts, "note")
	}
	if len(r.NextSteps) > 0 {
		parts = append(parts, "next steps")
	}
	return strings.Join(parts, "; ")
}

func newRulesListCmd(ios *IOStreams, rs *engine.Ruleset, loaded func(runner) runner) *cobra.Command {
	opts := &rulesListOptions{IO: ios, Ruleset: rs}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the rules in evaluation order, with what each decides",
		Example: `  socpick rules list
  socpick rules list --format json | jq -r '.[].id'`,
		Args: noArgs,
		RunE: loaded(func(cmd *cobra.Command, args []string) error { return runRulesList(opts) }),
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runRulesList(opts *rulesListOptions) error {
	rs := opts.Ruleset
	switch opts.Format {
	case "json":
		list := make([]ruleJSON, len(rs.Rules))
		for i, r := range rs.Rules {
			list[i] = newRuleJSON(r)
		}
		return writeJSON(opts.IO, list)
	case "text":
		width := 0
		for _, r := range rs.Rules {
			width = max(width, len(r.ID))
		}
		w := &strings.Builder{}
		file := ""
		for _, r := range rs.Rules {
			if r.File != file {
				if file != "" {
					w.WriteByte('\n')
				}
				file = r.File
				fmt.Fprintf(w, "%s\n", file)
			}
			fmt.Fprintf(w, "  %-*s  %s\n", width, r.ID, outcomes(r))
		}
		fmt.Fprintf(w, "\n%d rules; 'socpick rules show ID' shows one whole.\n", len(rs.Rules))
		_, err := fmt.Fprint(opts.IO.Out, w.String())
		return err
	}
	return usageErrorf("--format: unknown format %q (want text or json)", opts.Format)
}

func writeJSON(ios *IOStreams, v any) error {
	enc := json.NewEncoder(ios.Out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

type rulesShowOptions struct {
	IO      *IOStreams
	Ruleset *engine.Ruleset
	ID      string
	Format  string
}

func newRulesShowCmd(ios *IOStreams, rs *engine.Ruleset, loaded func(runner) runner) *cobra.Command {
	opts := &rulesShowOptions{IO: ios, Ruleset: rs}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one rule: its condition, outcomes, reason, source and the questions it reads",
		Example: `  socpick rules show soc1-financial-impact
  socpick rules show soc1-financial-impact --format json`,
		RunE: loaded(func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("rules show needs one rule ID ('socpick rules list' lists them)")
			}
			opts.ID = args[0]
			return runRulesShow(opts)
		}),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if rs == nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var ids []cobra.Completion
			for _, r := range rs.Rules {
				ids = append(ids, r.ID)
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text or json")
	return cmd
}

func runRulesShow(opts *rulesShowOptions) error {
	rs := opts.Ruleset
	i := slices.IndexFunc(rs.Rules, func(r *engine.Rule) bool { return r.ID == opts.ID })
	if i < 0 {
		ids := make([]string, len(rs.Rules))
		for i, r := range rs.Rules {
			ids[i] = r.ID
		}
		return usageErrorf("no rule %q%s ('socpick rules list' lists them)", opts.ID, strictyaml.Suggest(opts.ID, ids))
	}
	r := rs.Rules[i]
	switch opts.Format {
	case "json":
		return writeJSON(opts.IO, newRuleJSON(r))
	case "text":
	default:
		return usageErrorf("--format: unknown format %q (want text or json)", opts.Format)
	}
	w := &strings.Builder{}
	fmt.Fprintf(w, "%s  (%s:%d, rule %d of %d)\n", r.ID, r.File, r.Pos.Line, i+1, len(rs.Rules))
	if r.Description != "" {
		fmt.Fprintf(w, "  %s\n", r.Description)
	}
	fmt.Fprintf(w, "\nwhen:     %s\n", oneLine(r.When))
	reads := make([]string, 0, len(r.Reads))
	for _, k := range r.Reads {
		if q := rs.Questions.Lookup(k); q != nil {
			reads = append(reads, fmt.Sprintf("%s (%s)", k, q.Prompt))
		} else {
			reads = append(reads, k+" (the recommended reports)")
		}
	}
	if len(reads) > 0 {
		fmt.Fprintf(w, "reads:    %s\n", strings.Join(reads, "\n          "))
	}
	fmt.Fprintf(w, "outcome:  %s\n", outcomes(r))
	if r.Reason != nil {
		fmt.Fprintf(w, "reason:   %s\n", oneLine(r.Reason.Text))
	}
	for _, t := range r.NextSteps {
		fmt.Fprintf(w, "next:     %s\n", oneLine(t.Text))
	}
	fmt.Fprintf(w, "source:   %s\n", r.Source)
	_, err := fmt.Fprint(opts.IO.Out, w.String())
	return err
}

// --- test ---

type rulesTestOptions struct {
	IO        *IOStreams
	Ruleset   *engine.Ruleset
	Paths     []string
	Coverage  bool
	Threshold float64
	Verbose   bool
	// Source and Dir are the ruleset's files, whose own *.test.yaml cases
	// run when no PATH is given.
	Source fs.FS
	Dir    string
}

func newRulesTestCmd(ios *IOStreams, rs *engine.Ruleset, loaded func(runner) runner) *cobra.Command {
	opts := &rulesTestOptions{IO: ios, Ruleset: rs}
	cmd := &cobra.Command{
		Use:   "test [PATH...]",
		Short: "Run the ruleset's test cases: answers and the advice they must give",
		Long: `Run rule test cases: YAML files (kind: RuleTests) of answers and what the
ruleset must recommend for them: the reports with their types, criteria and
interim step, the also-consider ids, and rules that must or must not fire.
Without PATH, the ruleset's own *.test.yaml files run (the default ruleset
ships its suite); a PATH is a test file, or a directory of *.test.yaml files.

Each failure shows what was expected against what the rules decided; the run
ends with "N passed, M failed" and exit status 1 if a case failed. --coverage
lists the rules no case fires; --threshold PCT also fails the run (exit 1)
when fewer than PCT percent of the rules fire in some case.`,
		Example: `  socpick rules test
  socpick --rules my-rules rules test --coverage --threshold 100
  socpick --rules my-rules rules test my-rules/policy.test.yaml`,
		RunE: loaded(func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			opts.Source, opts.Dir = rulesSource(cmd)
			return runRulesTest(opts)
		}),
	}
	f := cmd.Flags()
	f.BoolVar(&opts.Coverage, "coverage", false, "list the rules that no case fires")
	f.Float64Var(&opts.Threshold, "threshold", 0, "fail when fewer than `PCT` percent of the rules fire in some case")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "list every case, not only the failures")
	return cmd
}

func runRulesTest(opts *rulesTestOptions) error {
	if opts.Threshold < 0 || opts.Threshold > 100 {
		return usageErrorf("--threshold: %g is not a percentage (want 0 to 100)", opts.Threshold)
	}
	rs := opts.Ruleset
	var suites []*ruletest.Suite
	var errs []error
	load := func(fsys fs.FS, dir string) {
		s, err := ruletest.Load(fsys, dir, rs)
		if err != nil {
			errs = append(errs, err)
		}
		suites = append(suites, s...)
	}
	if len(opts.Paths) == 0 {
		load(opts.Source, opts.Dir)
	}
	for _, p := range opts.Paths {
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: %w", p, unwrapPathError(err)))
		case fi.IsDir():
			load(os.DirFS(p), p)
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", p, unwrapPathError(err)))
				continue
			}
			s, err := ruletest.Parse(p, data, rs)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			suites = append(suites, s)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	cases := 0
	for _, s := range suites {
		cases += len(s.Cases)
	}
	if cases == 0 {
		where := strings.Join(opts.Paths, ", ")
		if where == "" {
			where = opts.Dir
		}
		return fmt.Errorf("no test cases in %s (looked for %s files of kind %s)", where, ruletest.Glob, ruletest.Kind)
	}

	results := ruletest.Run(rs, suites)
	failed := 0
	w := &strings.Builder{}
	for _, r := range results {
		if r.Passed() {
			if opts.Verbose {
				fmt.Fprintf(w, "ok    %s:%d: %s\n", r.Suite.File, r.Case.Pos.Line, r.Case.Name)
			}
			continue
		}
		failed++
		fmt.Fprintf(w, "FAIL  %s:%d: %s\n", r.Suite.File, r.Case.Pos.Line, r.Case.Name)
		for _, f := range r.Failures {
			fmt.Fprintf(w, "      %s\n", strings.ReplaceAll(f, "\n", "\n      "))
		}
	}
	uncovered := ruletest.Coverage(rs, results)
	pct := 100 * float64(len(rs.Rules)-len(uncovered)) / float64(max(len(rs.Rules), 1))
	if opts.Coverage {
		fmt.Fprintf(w, "coverage: %d of %d rules fire in some case (%.1f%%)\n", len(rs.Rules)-len(uncovered), len(rs.Rules), pct)
		for _, r := range uncovered {
			fmt.Fprintf(w, "  not covered: %s (%s:%d)\n", r.ID, filepath.Join(opts.Dir, r.File), r.Pos.Line)
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed\n", len(results)-failed, failed)
	belowThreshold := opts.Threshold > 0 && pct < opts.Threshold
	if belowThreshold {
		fmt.Fprintf(w, "coverage %.1f%% is below the threshold of %g%%\n", pct, opts.Threshold)
	}
	if _, err := fmt.Fprint(opts.IO.Out, w.String()); err != nil {
		return err
	}
	if failed > 0 || belowThreshold {
		return &reportedError{code: ExitFindings, what: "rule tests failed"}
	}
	return nil
}

// --- graph ---

type rulesGraphOptions struct {
	IO      *IOStreams
	Ruleset *engine.Ruleset
	Format  string
}

func newRulesGraphCmd(ios *IOStreams, rs *engine.Ruleset, loaded func(runner) runner) *cobra.Command {
	opts := &rulesGraphOptions{IO: ios, Ruleset: rs}
	cmd := &cobra.Command{
		Use:   "graph",
		Short: "Draw the decision structure: questions -> rules -> outcomes",
		Long: `Draw the ruleset as a diagram: each question, the rules whose conditions read
it, and what each rule decides (reports, types, criteria, also-consider items,
notes). Mermaid renders on GitHub inside a ` + "```mermaid" + ` block; dot is for
Graphviz (dot -Tsvg).`,
		Example: `  socpick rules graph > rules.mmd
  socpick rules graph --format dot | dot -Tsvg > rules.svg`,
		Args: noArgs,
		RunE: loaded(func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(render.GraphFormats, opts.Format) {
				return usageErrorf("--format: unknown format %q (want %s)", opts.Format, strings.Join(render.GraphFormats, " or "))
			}
			return render.Graph(opts.IO.Out, opts.Format, opts.Ruleset)
		}),
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "mermaid", "diagram format: "+strings.Join(render.GraphFormats, " or "))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(render.GraphFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}
