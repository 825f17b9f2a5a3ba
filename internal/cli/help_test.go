package cli

import (
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// complete runs cobra's completion request as a shell does and returns the
// candidates and the directive line.
func complete(t *testing.T, args ...string) ([]string, string) {
	t.Helper()
	ios, out, errOut := bufferStreams("")
	if _, code := execute(t, ios, append([]string{cobra.ShellCompRequestCmd}, args...)...); code != ExitOK {
		t.Fatalf("%v: exit %d: %s", args, code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	return lines[:len(lines)-1], lines[len(lines)-1]
}

func TestCompletion(t *testing.T) {
	noSpace := ":" + strconv.Itoa(int(cobra.ShellCompDirectiveNoSpace|cobra.ShellCompDirectiveNoFileComp))
	for _, tc := range []struct {
		args      []string
		want      []string // among the candidates
		notWant   []string
		directive string
	}{
		// A list flag completes value by value after a comma, without
		// offering what is already chosen.
		{[]string{"advise", "--services", "saas,"}, []string{"saas,billing", "saas,payroll"}, []string{"saas,saas", "payroll"}, noSpace},
		{[]string{"advise", "--services", "saas,bil"}, []string{"saas,billing"}, []string{"saas,payroll"}, noSpace},
		{[]string{"advise", "--customer-data", ""}, []string{"yes", "no"}, nil, ":4"},
		// Profiles are YAML files; rulesets are directories.
		{[]string{"advise", "--profile", ""}, []string{"yaml", "yml"}, nil, ":8"},
		{[]string{"check", ""}, []string{"yaml", "yml"}, nil, ":8"},
		{[]string{"diff", ""}, []string{"yaml", "yml"}, nil, ":8"},
		{[]string{"check", "--rules", ""}, nil, nil, ":16"},
		{[]string{"diff", "--rules-b", ""}, nil, nil, ":16"},
		// Ids of the ruleset in use.
		{[]string{"rules", "graph", "--rule", ""}, []string{"soc1-financial-impact\t"}, nil, ":4"},
		{[]string{"rules", "graph", "--question", ""}, []string{"services\t"}, nil, ":4"},
		{[]string{"rules", "show", ""}, []string{"soc1-financial-impact\t"}, nil, ":4"},
		{[]string{"init", ""}, []string{"yaml", "yml"}, nil, ":8"},
		{[]string{"check", "--output", ""}, []string{"sarif=", "junit="}, nil, noSpace},
	} {
		got, directive := complete(t, tc.args...)
		joined := "\n" + strings.Join(got, "\n") + "\n"
		for _, w := range tc.want {
			if !strings.Contains(joined, "\n"+w) {
				t.Errorf("%q: no %q in %q", tc.args, w, got)
			}
		}
		for _, w := range tc.notWant {
			if strings.Contains(joined, "\n"+w+"\n") {
				t.Errorf("%q: %q offered in %q", tc.args, w, got)
			}
		}
		if directive != tc.directive {
			t.Errorf("%q: directive %s, want %s", tc.args, directive, tc.directive)
		}
	}
}

// TestExitStatusOnlyWhereItSaysSomething: the EXIT STATUS block is on the
// commands whose status a script acts on, and says their own statuses.
func TestExitStatusOnlyWhereItSaysSomething(t *testing.T) {
	for args, want := range map[string]string{
		"--help":                "130  cancelled by the user",
		"check --help":          "1    a finding at or above --fail-on",
		"diff --help":           "1    the advice differs",
		"advise --help":         "2    usage error",
		"rules test --help":     "1    a case failed",
		"rules validate --help": "2    the ruleset does not load",
		"version --help":        "",
		"rules list --help":     "",
		"questions --help":      "",
	} {
		ios, out, _ := bufferStreams("")
		if _, code := execute(t, ios, strings.Fields(args)...); code != ExitOK {
			t.Fatalf("%s: exit %d", args, code)
		}
		has := strings.Contains(out.String(), "EXIT STATUS")
		if want == "" && has || want != "" && !strings.Contains(out.String(), "EXIT STATUS\n"+"  0") {
			t.Errorf("%s: EXIT STATUS block %v, want %v:\n%s", args, has, want != "", out)
		}
		if want != "" && !strings.Contains(out.String(), want) {
			t.Errorf("%s: no %q in\n%s", args, want, out)
		}
	}
	// Every block is on a command that exists.
	root := newRootCmd(NewFactory(&IOStreams{}))
	for path := range exitStatuses {
		args := strings.Fields(path)[1:]
		if c, _, err := root.Find(args); err != nil || c.CommandPath() != path {
			t.Errorf("exitStatuses names %q, which is no command", path)
		}
	}
}

func TestUnknownCommandsAndStrayArguments(t *testing.T) {
	for args, want := range map[string]string{
		"chek":             `socpick: unknown command "chek" for "socpick"; did you mean "check"?` + "\nRun 'socpick --help' for usage.\n",
		"rules lst":        `socpick: unknown command "lst" for "socpick rules"; did you mean "list" or "test"?` + "\nRun 'socpick rules --help' for usage.\n",
		"rules nothing":    `socpick: unknown command "nothing" for "socpick rules"` + "\nRun 'socpick rules --help' for usage.\n",
		"advise acme.yaml": `socpick: socpick advise takes no arguments, got "acme.yaml"; to read a profile: socpick advise --profile acme.yaml` + "\nRun 'socpick advise --help' for usage.\n",
		"questions extra":  `socpick: socpick questions takes no arguments, got "extra"` + "\nRun 'socpick questions --help' for usage.\n",
		// socpick completion ksh > file must not save the help, exit 0.
		"completion bash extra": `socpick: socpick completion bash takes no arguments, got "extra"` + "\nRun 'socpick completion bash --help' for usage.\n",
		"completion bassh":      `socpick: unknown command "bassh" for "socpick completion"; did you mean "bash"?` + "\nRun 'socpick completion --help' for usage.\n",
	} {
		ios, out, errOut := bufferStreams("")
		if _, code := execute(t, ios, strings.Fields(args)...); code != ExitUsage || out.Len() > 0 || errOut.String() != want {
			t.Errorf("%s: exit %d, stdout %q, stderr\n%s\nwant exit 2 and\n%s", args, code, out, errOut, want)
		}
	}
}
