package release_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// stamped are the variables a release stamps with -X: they must exist in
// internal/buildinfo under these names, or the stamp does nothing.
var stamped = regexp.MustCompile(`-X github\.com/socpick/socpick/internal/buildinfo\.(\w+)=`)

func checkStamps(t *testing.T, file, text string) {
	t.Helper()
	src := read(t, "internal/buildinfo/buildinfo.go")
	names := stamped.FindAllStringSubmatch(text, -1)
	if len(names) != 3 {
		t.Errorf("%s stamps %d variables, want version, commit and date", file, len(names))
	}
	for _, m := range names {
		if !regexp.MustCompile(`var [\w, ]*\b` + m[1] + `\b[\w, ]* string`).MatchString(src) {
			t.Errorf("%s stamps buildinfo.%s, which internal/buildinfo does not declare", file, m[1])
		}
	}
}

// The Dockerfile builds a static binary in one stage and runs it on a
// minimal image, as a non-root user, with socpick as the entry point.
func TestDockerfile(t *testing.T) {
	df := read(t, "Dockerfile")
	var from []string
	var user, entrypoint string
	for _, line := range strings.Split(df, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch strings.ToUpper(f[0]) {
		case "FROM":
			from = append(from, f[1])
		case "USER":
			user = f[1]
		case "ENTRYPOINT":
			entrypoint = strings.TrimSpace(strings.TrimPrefix(line, f[0]))
		}
	}
	if len(from) < 2 {
		t.Errorf("FROM %v: want a build stage and a runtime stage", from)
	}
	if last := from[len(from)-1]; !strings.HasPrefix(last, "gcr.io/distroless/static") && last != "scratch" {
		t.Errorf("the image runs on %s, want distroless static or scratch", last)
	}
	if user == "" || strings.HasPrefix(user, "root") || strings.HasPrefix(user, "0") {
		t.Errorf("USER %q: want a non-root user", user)
	}
	if entrypoint != `["socpick"]` {
		t.Errorf("ENTRYPOINT %s, want [\"socpick\"]", entrypoint)
	}
	if !strings.Contains(df, "CGO_ENABLED=0") {
		t.Error("the binary is not built static (CGO_ENABLED=0)")
	}
	if goLine := regexp.MustCompile(`(?m)^go (\S+)`).FindStringSubmatch(read(t, "go.mod")); !strings.Contains(from[0], "golang:"+strings.TrimSuffix(goLine[1], ".0")) {
		t.Errorf("the build stage %s does not use go.mod's Go %s", from[0], goLine[1])
	}
	checkStamps(t, "Dockerfile", df)
}

// Where a Docker daemon runs, the image builds and prints its version.
func TestDockerBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an image")
	}
	if _, err := exec.LookPath("docker"); err != nil {
		t.Skip("no docker")
	}
	if err := exec.Command("docker", "info").Run(); err != nil {
		t.Skip("no Docker daemon: the Dockerfile is checked statically only")
	}
	build := exec.Command("docker", "build", "-t", "socpick:test", ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("docker build: %v\n%s", err, out)
	}
	out, err := exec.Command("docker", "run", "--rm", "socpick:test", "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "socpick ") {
		t.Errorf("docker run version: %v\n%s", err, out)
	}
}

// action.yml declares the inputs its scripts read, and its steps run the
// scripts that are in the repository, executable.
func TestActionYAML(t *testing.T) {
	var action struct {
		Name   string
		Inputs map[string]struct {
			Description string
			Required    bool
			Default     *string
		}
		Runs struct {
			Using string
			Steps []struct {
				Shell string
				Env   map[string]string
				Run   string
			}
		}
	}
	if err := yaml.Unmarshal([]byte(read(t, "action.yml")), &action); err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{"version", "paths", "format", "fail-on", "as-of", "rules", "sarif"} {
		if action.Inputs[in].Description == "" {
			t.Errorf("input %s is not declared, or undescribed", in)
		}
	}
	if !action.Inputs["version"].Required {
		t.Error("the version input is not required: a run must pin a release")
	}
	if action.Runs.Using != "composite" {
		t.Errorf("runs.using %q", action.Runs.Using)
	}
	var scripts []string
	for _, s := range action.Runs.Steps {
		m := regexp.MustCompile(`\$GITHUB_ACTION_PATH/(\S+\.sh)`).FindStringSubmatch(s.Run)
		if m == nil {
			t.Errorf("step %q runs no script of the repository", s.Run)
			continue
		}
		scripts = append(scripts, m[1])
		fi, err := os.Stat(filepath.Join("..", "..", m[1]))
		if err != nil || fi.Mode()&0o111 == 0 {
			t.Errorf("%s: missing or not executable (%v)", m[1], err)
		}
		src := read(t, m[1])
		for name := range s.Env {
			if strings.HasPrefix(name, "SOCPICK_INPUT_") && !strings.Contains(src, name) {
				t.Errorf("%s is set for %s, which does not read it", name, m[1])
			}
		}
		if s.Shell != "bash" {
			t.Errorf("%s runs in %q, want bash", m[1], s.Shell)
		}
	}
	if !slices.Equal(scripts, []string{"action/install.sh", "action/run.sh"}) {
		t.Errorf("steps run %v", scripts)
	}
}

// The pre-commit hooks run socpick commands that exist, with flags that do.
func TestPreCommitHooks(t *testing.T) {
	var hooks []struct {
		ID, Name, Entry, Language string
		PassFilenames             *bool `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal([]byte(read(t, ".pre-commit-hooks.yaml")), &hooks); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range hooks {
		ids = append(ids, h.ID)
		if !strings.HasPrefix(h.Entry, "socpick ") || h.Language != "golang" {
			t.Errorf("%s: entry %q, language %q", h.ID, h.Entry, h.Language)
		}
	}
	if !slices.Equal(ids, []string{"socpick-check", "socpick-rules-test"}) {
		t.Errorf("hooks %v", ids)
	}
}

// goreleaser builds every platform the README promises, stamps the
// version, and publishes checksums the action verifies.
func TestGoreleaserConfig(t *testing.T) {
	text := read(t, ".goreleaser.yaml")
	var cfg struct {
		Version int
		Builds  []struct {
			Main   string
			Goos   []string
			Goarch []string
			Env    []string
		}
		Archives []struct {
			NameTemplate string `yaml:"name_template"`
		}
		Checksum struct {
			NameTemplate string `yaml:"name_template"`
		}
	}
	if err := yaml.Unmarshal([]byte(text), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Version != 2 || len(cfg.Builds) != 1 || cfg.Builds[0].Main != "./cmd/socpick" {
		t.Fatalf("config %+v", cfg)
	}
	b := cfg.Builds[0]
	if !slices.Equal(b.Goos, []string{"linux", "darwin", "windows"}) || !slices.Equal(b.Goarch, []string{"amd64", "arm64"}) || !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Errorf("build %+v", b)
	}
	checkStamps(t, ".goreleaser.yaml", text)
	// The action downloads socpick_<version>_<os>_<arch> and checksums.txt.
	install := read(t, "action/install.sh")
	if cfg.Archives[0].NameTemplate != "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}" || !strings.Contains(install, `archive="socpick_${version#v}_${os}_${arch}.${ext}"`) {
		t.Errorf("the archive name %q and the action's download disagree", cfg.Archives[0].NameTemplate)
	}
	if cfg.Checksum.NameTemplate != "checksums.txt" || !strings.Contains(install, "checksums.txt") {
		t.Error("the checksum file and the action's check disagree")
	}
}
