package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// newManCmd writes a man page (roff, section 1) for socpick and each of
// its commands, from the same help the commands print: releases ship them.
func newManCmd(f *Factory, root *cobra.Command) *cobra.Command {
	var dir, format string
	cmd := &cobra.Command{
		Use:   "man",
		Short: "Write the man pages (or markdown pages) of socpick and its commands",
		Long: `Write a page for socpick and each of its commands, from the help the
commands print: roff man pages (section 1) for the release archives, or
markdown for docs/commands.`,
		Hidden: true,
		Example: `  socpick man --dir manpages
  man ./manpages/socpick-check.1
  socpick man --format markdown --dir docs/commands`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				return usageErrorf("man needs --dir DIR to write the pages to")
			}
			page, ext := manPage, ".1"
			switch format {
			case "roff":
			case "markdown":
				page, ext = markdownPage, ".md"
			default:
				return usageErrorf("--format: unknown format %q (want roff or markdown)", format)
			}
			// advise's question flags come from the ruleset in use, as
			// its --help does.
			rs, err := f.Ruleset()
			if err != nil {
				return err
			}
			for _, c := range root.Commands() {
				if c.Annotations[questionFlags] != "" && c.Flags().Lookup(rs.Questions.Questions[0].Flag()) == nil {
					addQuestionFlags(c, rs)
				}
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			return writePages(root, dir, ext, page)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "write the pages to `DIR`")
	cmd.Flags().VarP(newNamed(&format, "roff", "FORMAT"), "format", "f", "page format: roff or markdown")
	return cmd
}

// pageName is the file name of cmd's page, without its extension:
// socpick-rules-test.
func pageName(cmd *cobra.Command) string {
	return strings.ReplaceAll(cmd.CommandPath(), " ", "-")
}

// documented lists the commands a page is written for: those a user can
// run or ask help of.
func documented(cmd *cobra.Command) bool {
	return !cmd.Hidden && (cmd.IsAvailableCommand() || !cmd.HasParent())
}

func writePages(cmd *cobra.Command, dir, ext string, page func(*cobra.Command) string) error {
	if !documented(cmd) {
		return nil
	}
	if err := os.WriteFile(filepath.Join(dir, pageName(cmd)+ext), []byte(page(cmd)), 0o644); err != nil {
		return err
	}
	for _, c := range cmd.Commands() {
		if err := writePages(c, dir, ext, page); err != nil {
			return err
		}
	}
	return nil
}

// seeAlso lists the pages next to cmd's: its parent and its commands.
func seeAlso(cmd *cobra.Command) []*cobra.Command {
	var see []*cobra.Command
	if cmd.HasParent() {
		see = append(see, cmd.Parent())
	}
	for _, c := range cmd.Commands() {
		if documented(c) {
			see = append(see, c)
		}
	}
	return see
}

// visibleFlags lists cmd's flags a page shows: its own, then inherited.
func visibleFlags(cmd *cobra.Command) []*pflag.Flag {
	var flags []*pflag.Flag
	add := func(f *pflag.Flag) {
		if !f.Hidden {
			flags = append(flags, f)
		}
	}
	cmd.NonInheritedFlags().VisitAll(add)
	cmd.InheritedFlags().VisitAll(add)
	return flags
}

// manPage is cmd's help as a roff page: name, synopsis, description,
// options, examples, see also.
func manPage(cmd *cobra.Command) string {
	var b strings.Builder
	title := strings.ToUpper(pageName(cmd))
	fmt.Fprintf(&b, ".TH %s 1 \"\" \"socpick\" \"socpick manual\"\n", roffQuote(title))
	b.WriteString(".ad l\n") // ragged right: lists of values break at commas
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", roff(pageName(cmd)), roff(cmd.Short))
	fmt.Fprintf(&b, ".SH SYNOPSIS\n.B %s\n", roff(cmd.UseLine()))
	desc := cmd.Long
	if desc == "" {
		desc = cmd.Short
	}
	b.WriteString(".SH DESCRIPTION\n")
	for _, para := range strings.Split(strings.TrimSpace(desc), "\n\n") {
		if preformatted(para) {
			fmt.Fprintf(&b, ".PP\n.nf\n%s\n.fi\n", roff(para))
			continue
		}
		fmt.Fprintf(&b, ".PP\n%s\n", roff(para))
	}
	if flags := visibleFlags(cmd); len(flags) > 0 {
		b.WriteString(".SH OPTIONS\n")
		for _, f := range flags {
			name := "--" + f.Name
			if f.Shorthand != "" {
				name = "-" + f.Shorthand + ", " + name
			}
			varname, usage := pflag.UnquoteUsage(f)
			if varname != "" {
				name += " " + varname
			}
			fmt.Fprintf(&b, ".TP\n.B %s\n%s\n", roff(name), roff(usage))
		}
	}
	if text := cmd.Annotations["exitStatus"]; text != "" {
		fmt.Fprintf(&b, ".SH EXIT STATUS\n.nf\n%s\n.fi\n", roff(text))
	}
	if cmd.Example != "" {
		fmt.Fprintf(&b, ".SH EXAMPLES\n.nf\n%s\n.fi\n", roff(cmd.Example))
	}
	var see []string
	for _, c := range seeAlso(cmd) {
		see = append(see, pageName(c)+"(1)")
	}
	if len(see) > 0 {
		fmt.Fprintf(&b, ".SH SEE ALSO\n%s\n", roff(strings.Join(see, ", ")))
	}
	return b.String()
}

// roff escapes text for a roff page: backslashes, hyphens, and a line
// that starts with a dot or an apostrophe (a request to roff).
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
		lines[i] = strings.ReplaceAll(lines[i], "-", `\-`)
		// a list of values (a,b,c) may break after a comma
		lines[i] = listComma.ReplaceAllString(lines[i], `,\:$1`)
	}
	return strings.Join(lines, "\n")
}

var listComma = regexp.MustCompile(`,(\S)`)

func roffQuote(s string) string { return strings.ReplaceAll(roff(s), `"`, `\(dq`) }

// preformatted reports whether a paragraph of help is laid out by hand (a
// table or a list indented with spaces): roff must not refill it.
func preformatted(para string) bool {
	for _, l := range strings.Split(para, "\n") {
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			return true
		}
	}
	return false
}

// markdownPage is cmd's help as a markdown page for docs/commands: the
// same sections as the man page, help text as written.
func markdownPage(cmd *cobra.Command) string {
	var b strings.Builder
	b.WriteString("<!-- Generated by `make docs` from socpick's help: edit the help, not this file. -->\n\n")
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", cmd.CommandPath(), mdEscape(cmd.Short))
	fmt.Fprintf(&b, "```\n%s\n```\n\n", cmd.UseLine())
	if cmd.Long != "" {
		for _, para := range strings.Split(strings.TrimSpace(cmd.Long), "\n\n") {
			if preformatted(para) {
				fmt.Fprintf(&b, "```\n%s\n```\n\n", para)
				continue
			}
			fmt.Fprintf(&b, "%s\n\n", mdEscape(para))
		}
	}
	if flags := cmd.NonInheritedFlags(); flags.HasAvailableFlags() {
		fmt.Fprintf(&b, "## Options\n\n```\n%s```\n\n", flags.FlagUsages())
	}
	if flags := cmd.InheritedFlags(); flags.HasAvailableFlags() {
		fmt.Fprintf(&b, "## Options from the parent commands\n\n```\n%s```\n\n", flags.FlagUsages())
	}
	if text := cmd.Annotations["exitStatus"]; text != "" {
		fmt.Fprintf(&b, "## Exit status\n\n```\n%s\n```\n\n", text)
	}
	if cmd.Example != "" {
		fmt.Fprintf(&b, "## Examples\n\n```sh\n%s\n```\n\n", cmd.Example)
	}
	if see := seeAlso(cmd); len(see) > 0 || len(guides[cmd.CommandPath()]) > 0 {
		b.WriteString("## See also\n\n")
		for _, c := range see {
			fmt.Fprintf(&b, "- [%s](%s.md): %s\n", c.CommandPath(), pageName(c), mdEscape(c.Short))
		}
		for _, g := range guides[cmd.CommandPath()] {
			fmt.Fprintf(&b, "- %s\n", g)
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// guides are the pages of docs/ a command's markdown page links to,
// relative to docs/commands.
var guides = map[string][]string{
	"socpick":                {"[Formats: profiles, outputs, exit codes](../formats.md)", "[Rules: writing and testing your own](../rules.md)", "[socpick in CI](../ci.md)"},
	"socpick advise":         {"[The profile format](../formats.md)"},
	"socpick check":          {"[What check finds, and what to do](../findings.md)", "[socpick in CI](../ci.md)", "[Waivers: accepting a finding with a reason and a date](../formats.md#vendor-profile-kind-vendorprofile)"},
	"socpick rules":          {"[Rules: writing and testing your own](../rules.md)"},
	"socpick rules test":     {"[Test cases](../rules.md#test-cases)"},
	"socpick rules validate": {"[What validate checks](../rules.md#what-validate-checks)"},
}

// mdEscape keeps help text literal in markdown: the characters markdown
// would read as emphasis, code, links or HTML are escaped.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
