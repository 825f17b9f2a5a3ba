package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// execute runs args as Run does and returns the factory, to see what it
// loaded, and the exit code.
func execute(t *testing.T, ios *IOStreams, args ...string) (*Factory, int) {
	t.Helper()
	f := NewFactory(ios)
	root := newRootCmd(f)
	f.prepareQuestionFlags(root, args)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err != nil {
		err = rootError(root, err)
		printError(ios, cmd, err)
	}
	return f, exitCode(err)
}

// TestCommandsThatNeedNoRulesetDoNotLoadIt: version, help and completion
// work, and parse nothing, even when the ruleset in use is broken.
func TestCommandsThatNeedNoRulesetDoNotLoadIt(t *testing.T) {
	for _, args := range [][]string{
		{"version"},
		{"--version"},
		{"--help"},
		{"help"},
		{"check", "--help"},
		{"completion", "bash"},
		{"rules", "export", "--help"},
	} {
		ios, out, errOut := bufferStreams("")
		ios.env = map[string]string{"SOCPICK_RULES": t.TempDir()} // a directory with no ruleset
		f, code := execute(t, ios, args...)
		if code != ExitOK || errOut.Len() > 0 || out.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q; want exit 0 and output", args, code, errOut)
		}
		if f.loaded {
			t.Errorf("%v loaded the ruleset", args)
		}
	}
}

// TestRulesetErrorReachesCommandsThatNeedIt: the commands that need the
// ruleset load it when they run and report why it did not load.
func TestRulesetErrorReachesCommandsThatNeedIt(t *testing.T) {
	for _, args := range [][]string{
		{"advise", "--services", "saas"},
		{"questions"},
		{"schema", "profile"},
		{"check", "x.yaml"},
		{"rules", "list"},
	} {
		ios, _, errOut := bufferStreams("")
		_, code := execute(t, ios, append([]string{"--rules", "no-such-dir"}, args...)...)
		if code != ExitUsage || !strings.Contains(errOut.String(), "--rules no-such-dir: not a directory") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 naming the ruleset", args, code, errOut)
		}
	}
}

// TestRulesFlagIsReadBeforeAdvisesQuestionFlags: wherever --rules stands
// among advise's flags, the question flags come from that ruleset; the
// value of a flag is never taken for the directory.
func TestRulesFlagIsReadBeforeAdvisesQuestionFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want rulesFlag
	}{
		{[]string{"advise", "--rules", "d1"}, rulesFlag{"d1", true}},
		{[]string{"--rules=d1", "advise"}, rulesFlag{"d1", true}},
		{[]string{"advise", "--services", "saas", "--rules", "d1"}, rulesFlag{"d1", true}},
		{[]string{"advise", "-f", "json", "--rules=d1", "--q", "yes"}, rulesFlag{"d1", true}},
		{[]string{"advise", "--rules", "d1", "--rules", "d2"}, rulesFlag{"d2", true}},
		{[]string{"advise", "--name", "--rules"}, rulesFlag{}},   // --rules is --name's value
		{[]string{"advise", "--", "--rules", "d1"}, rulesFlag{}}, // after --, not a flag
		{[]string{"advise", "--rules="}, rulesFlag{}},            // refused when cobra parses it
		{[]string{"advise", "--no-input", "--ask-all"}, rulesFlag{}},
		// --help is cobra's, added when it executes: it must not stop the
		// reading before or after it.
		{[]string{"advise", "--rules", "d1", "--help"}, rulesFlag{"d1", true}},
		{[]string{"advise", "-h", "--rules", "d1"}, rulesFlag{"d1", true}},
		{[]string{"advise", "--help=false", "--rules=d1"}, rulesFlag{"d1", true}},
	} {
		f := NewFactory(&IOStreams{})
		root := newRootCmd(f)
		cmd, rest, err := root.Find(tt.args)
		if err != nil {
			t.Fatal(err)
		}
		f.readRulesFlag(cmd, rest)
		if f.rules != tt.want {
			t.Errorf("%v: --rules read as %+v, want %+v", tt.args, f.rules, tt.want)
		}
	}
}

// TestSOCPICKRulesAndAnEmptyRulesFlag: SOCPICK_RULES names the ruleset
// unless --rules is given; an empty --rules (an unset CI variable) is a
// usage error that says how to ask for the embedded default.
func TestSOCPICKRulesAndAnEmptyRulesFlag(t *testing.T) {
	ios, _, errOut := bufferStreams("")
	ios.env = map[string]string{"SOCPICK_RULES": "no-such-dir"}
	if _, code := execute(t, ios, "questions"); code != ExitUsage || !strings.Contains(errOut.String(), "no-such-dir") {
		t.Errorf("SOCPICK_RULES: exit %d, stderr %q", code, errOut)
	}
	ios, out, errOut := bufferStreams("")
	ios.env = map[string]string{"SOCPICK_RULES": "no-such-dir"}
	if _, code := execute(t, ios, "--rules=", "questions"); code != ExitUsage || out.Len() > 0 ||
		!strings.Contains(errOut.String(), `invalid argument "" for "--rules" flag: an empty DIR`) ||
		!strings.Contains(errOut.String(), "leave out --rules, with SOCPICK_RULES unset or empty") {
		t.Errorf("--rules= over SOCPICK_RULES: exit %d, stderr %q; want exit 2 and how to get the embedded default", code, errOut)
	}
}

// TestAdvisesHelpListsTheQuestionsOfTheRulesetInUse: advise's help, asked
// for in any of cobra's ways, lists the question flags of the ruleset the
// command line names.
func TestAdvisesHelpListsTheQuestionsOfTheRulesetInUse(t *testing.T) {
	for _, args := range [][]string{
		{"--rules", fixtureDir, "advise", "--help"},
		{"advise", "--rules", fixtureDir, "-h"},
		{"--rules", fixtureDir, "help", "advise"},
		{"--no-color", "--rules", fixtureDir, "help", "advise"},
	} {
		ios, out, errOut := bufferStreams("")
		if _, code := execute(t, ios, args...); code != ExitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		// controls_operating_months is a fixture question; sox_customers
		// is only the default ruleset's.
		if !strings.Contains(out.String(), "--controls-operating-months N") || strings.Contains(out.String(), "--sox-customers yes|no|unsure") {
			t.Errorf("%v: the help does not list the fixture's question flags:\n%s", args, out)
		}
	}
	ios, out, _ := bufferStreams("")
	if _, code := execute(t, ios, "--no-color", "help", "advise"); code != ExitOK || !strings.Contains(out.String(), "--sox-customers yes|no|unsure") {
		t.Errorf("help advise after a flag: the default's question flags are missing:\n%s", out)
	}
}

// TestRulesetErrorNamesWhereTheDirectoryCameFrom: a ruleset directory
// that is not one is reported in the words of the place that named it,
// so that a user who never gave --rules finds the variable or the
// settings file to fix.
func TestRulesetErrorNamesWhereTheDirectoryCameFrom(t *testing.T) {
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(repo, "vendors")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, ConfigFile), []byte("rules: nope\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	aFile := filepath.Join(repo, "a-file")
	if err := os.WriteFile(aFile, []byte("not a directory\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		args    []string
		env     string
		workDir string
		want    string
	}{
		{"the flag", []string{"--rules", "nope"}, "", "", "socpick: --rules nope: not a directory (want a ruleset directory"},
		{"the flag wins over the variable", []string{"--rules", "nope"}, "other", "", "socpick: --rules nope: not a directory"},
		{"the variable", nil, "nope", "", "socpick: SOCPICK_RULES=nope: not a directory (want a ruleset directory"},
		{"the variable naming a file", nil, aFile, "", "socpick: SOCPICK_RULES=" + aFile + ": not a directory"},
		{"the variable wins over the file", nil, "nope", repo, "socpick: SOCPICK_RULES=nope: not a directory"},
		{"the settings file", nil, "", repo, "socpick: .socpick.yaml (rules: nope): not a directory (want a ruleset directory"},
		{"the settings file above", nil, "", sub, "socpick: " + filepath.Join("..", ".socpick.yaml") + " (rules: nope, that is " + filepath.Join("..", "nope") + "): not a directory"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, errOut := bufferStreams("")
			ios.env, ios.workDir = map[string]string{"SOCPICK_RULES": tt.env}, tt.workDir
			_, code := execute(t, ios, append(tt.args, "rules", "list")...)
			if code != ExitUsage || !strings.HasPrefix(errOut.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errOut, tt.want)
			}
		})
	}
}
