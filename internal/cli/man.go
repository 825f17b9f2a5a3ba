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
	var dir string
	cmd := &cobra.Command{
		Use:    "man",
		Short:  "Write the man pages of socpick and its commands",
		Hidden: true,
		Example: `  socpick man --dir manpages
  man ./manpages/socpick-check.1`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				return usageErrorf("man needs --dir DIR to write the pages to")
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
			return writeManPages(root, dir)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "write the pages to `DIR`")
	return cmd
}

func writeManPages(cmd *cobra.Command, dir string) error {
	if cmd.Hidden || !cmd.IsAvailableCommand() && cmd.HasParent() {
		return nil
	}
	name := strings.ReplaceAll(cmd.CommandPath(), " ", "-")
	if err := os.WriteFile(filepath.Join(dir, name+".1"), []byte(manPage(cmd)), 0o644); err != nil {
		return err
	}
	for _, c := range cmd.Commands() {
		if err := writeManPages(c, dir); err != nil {
			return err
		}
	}
	return nil
}

// manPage is cmd's help as a roff page: name, synopsis, description,
// options, examples, see also.
func manPage(cmd *cobra.Command) string {
	var b strings.Builder
	title := strings.ToUpper(strings.ReplaceAll(cmd.CommandPath(), " ", "-"))
	fmt.Fprintf(&b, ".TH %s 1 \"\" \"socpick\" \"socpick manual\"\n", roffQuote(title))
	b.WriteString(".ad l\n") // ragged right: lists of values break at commas
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", roff(strings.ReplaceAll(cmd.CommandPath(), " ", "-")), roff(cmd.Short))
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
	var flags []*pflag.Flag
	cmd.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			flags = append(flags, f)
		}
	})
	cmd.InheritedFlags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			flags = append(flags, f)
		}
	})
	if len(flags) > 0 {
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
	if cmd.Example != "" {
		fmt.Fprintf(&b, ".SH EXAMPLES\n.nf\n%s\n.fi\n", roff(cmd.Example))
	}
	var see []string
	if cmd.HasParent() {
		see = append(see, strings.ReplaceAll(cmd.Parent().CommandPath(), " ", "-")+"(1)")
	}
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			see = append(see, strings.ReplaceAll(c.CommandPath(), " ", "-")+"(1)")
		}
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
