package cli

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/socpick/socpick/internal/questionnaire"
)

// named is a string flag whose help names what it takes ("FORMAT",
// "yes|no") where pflag would say "string".
type named struct {
	p    *string
	name string
}

func newNamed(p *string, value, name string) *named {
	*p = value
	return &named{p: p, name: name}
}

func (n *named) String() string     { return *n.p }
func (n *named) Set(s string) error { *n.p = s; return nil }
func (n *named) Type() string       { return n.name }

// questionPlaceholder is what a question's flag takes, as its help shows
// it: the values themselves when they are few and short ("yes|no|unsure"),
// else VALUE, a list VALUE,... and a number N, with the values in the
// help text.
func questionPlaceholder(q *questionnaire.Question) (name string, spelled bool) {
	switch q.Kind {
	case questionnaire.KindInteger:
		return "N", false
	case questionnaire.KindList:
		return "VALUE,...", false
	}
	if s := strings.Join(q.Values(), "|"); len(s) <= 20 {
		return s, true
	}
	return "VALUE", false
}

// addQuestionFlag adds q's flag (--services, --customer-data ...) to fs,
// with its help and the completion of its values.
func addQuestionFlag(cmd *cobra.Command, q *questionnaire.Question, help func(string) string) {
	var v string
	name, spelled := questionPlaceholder(q)
	usage := q.Prompt
	if !spelled {
		usage += " " + q.Placeholder()
	}
	var value pflag.Value = newNamed(&v, "", name)
	if q.Kind == questionnaire.KindList {
		value = &listFlag{named: newNamed(&v, "", name)}
	}
	cmd.Flags().Var(value, q.Flag(), help(usage))
	vals := q.Values()
	if len(vals) == 0 {
		return
	}
	if q.Kind == questionnaire.KindList {
		_ = cmd.RegisterFlagCompletionFunc(q.Flag(), listCompletion(vals))
		return
	}
	_ = cmd.RegisterFlagCompletionFunc(q.Flag(), cobra.FixedCompletions(vals, cobra.ShellCompDirectiveNoFileComp))
}

// listCompletion completes a comma-separated list flag value by value:
// after "saas,", it offers "saas,billing" and the other values not chosen
// yet, with no space after, so another comma can follow.
func listCompletion(vals []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		prefix, partial := "", toComplete
		if i := strings.LastIndex(toComplete, ","); i >= 0 {
			prefix, partial = toComplete[:i+1], toComplete[i+1:]
		}
		chosen := map[string]bool{}
		for _, c := range strings.Split(prefix, ",") {
			chosen[strings.TrimSpace(c)] = true
		}
		var out []cobra.Completion
		for _, v := range vals {
			if !chosen[v] && strings.HasPrefix(v, partial) {
				out = append(out, prefix+v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

// listFlag is a list question's flag: given again, it adds to the list
// (--services saas --services billing is --services saas,billing), as
// pflag's own slice flags do.
type listFlag struct {
	*named
	set bool
}

func (l *listFlag) Set(s string) error {
	if l.set {
		s = *l.p + "," + s
	}
	l.set = true
	return l.named.Set(s)
}

var _ pflag.Value = (*named)(nil)
