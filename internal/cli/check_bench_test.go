package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/socpick/socpick/internal/engine"
	"github.com/socpick/socpick/internal/profile"
)

// inventorySize is the number of profiles of the generated inventory: a
// large third-party-risk inventory.
const inventorySize = 10_000

// generateInventory writes inventorySize profiles with random valid
// answers and held reports into dir, 100 to a directory, and returns their
// paths.
func generateInventory(b *testing.B, dir string, rs *engine.Ruleset) []string {
	rng := rand.New(rand.NewPCG(1, 2))
	files := make([]string, 0, inventorySize)
	for i := range inventorySize {
		name := fmt.Sprintf("vendor-%05d", i)
		data, err := profile.Encode(name, "", rs.Questions.Sample(rng, nil), rs.Questions, nil, time.Time{})
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, randomHeld(rng)...)
		path := filepath.Join(dir, fmt.Sprintf("group-%03d", i/100), name+".yaml")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
		files = append(files, path)
	}
	return files
}

func randomHeld(rng *rand.Rand) []byte {
	end := time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC).AddDate(0, rng.IntN(36), 0)
	held := "held:\n"
	if rng.IntN(2) == 0 {
		held += fmt.Sprintf("  - {report: soc1, type: type2, period_start: %s, period_end: %s}\n",
			end.AddDate(-1, 0, 1).Format(time.DateOnly), end.Format(time.DateOnly))
	}
	if rng.IntN(2) == 0 {
		held += fmt.Sprintf("  - report: soc2\n    type: type1\n    as_of: %s\n    criteria: [security, availability]\n", end.Format(time.DateOnly))
	} else {
		held += fmt.Sprintf("  - report: soc2\n    type: type2\n    period_start: %s\n    period_end: %s\n    criteria: [security, confidentiality]\n",
			end.AddDate(-1, 0, 1).Format(time.DateOnly), end.Format(time.DateOnly))
	}
	return []byte(held)
}

// BenchmarkCheck runs `socpick check DIR` over a generated inventory of
// 10,000 profiles, the whole command as a user runs it (collect, read,
// decode, evaluate, check, render, write), in each format that differs in
// cost. Its read-decode sub-benchmark is the baseline: it only reads every
// file and decodes its YAML into nodes, on as many workers. The target is
// a JSON run within 1.5 times the baseline's time; compare profiles/s, or
// cpu-us/profile (the process's CPU time, all threads and the collector
// included), which a machine shared with other work disturbs less.
func BenchmarkCheck(b *testing.B) {
	// The collector's target of a socpick process (Main sets it), for
	// the check and the read-and-decode floor alike.
	defer debug.SetGCPercent(debug.SetGCPercent(gcPercent))
	rs, err := loadRulesetFrom("", "")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	files := generateInventory(b, dir, rs)

	b.Run("read-decode", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			work := make(chan string)
			var wg sync.WaitGroup
			for range runtime.GOMAXPROCS(0) {
				wg.Go(func() {
					for path := range work {
						data, err := os.ReadFile(path)
						if err != nil {
							b.Error(err)
							continue
						}
						var n yaml.Node
						if err := yaml.Unmarshal(data, &n); err != nil {
							b.Error(err)
						}
					}
				})
			}
			for _, f := range files {
				work <- f
			}
			close(work)
			wg.Wait()
		}
		reportPerProfile(b, cpu)
	})
	for _, format := range []string{"text", "json"} {
		b.Run(format, func(b *testing.B) {
			cpu := cpuTime()
			for b.Loop() {
				errOut := &bytes.Buffer{}
				opts := &checkOptions{
					IO: &IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: errOut}, Ruleset: rs,
					Paths: []string{dir}, Format: format, FailOn: "error", AsOf: "2026-11-22",
				}
				err := runCheck(context.Background(), opts)
				var reported *reportedError
				if err != nil && !errors.As(err, &reported) || reported != nil && reported.code != ExitFindings {
					b.Fatalf("the generated profiles should all be checked: %v", err)
				}
			}
			reportPerProfile(b, cpu)
		})
	}
}

// reportPerProfile reports the throughput and, where the system says, the
// CPU time per profile since start (a cpuTime).
func reportPerProfile(b *testing.B, start time.Duration) {
	profiles := float64(inventorySize) * float64(b.N)
	b.ReportMetric(profiles/b.Elapsed().Seconds(), "profiles/s")
	if start > 0 {
		b.ReportMetric(float64((cpuTime()-start).Microseconds())/profiles, "cpu-us/profile")
	}
}

// cpuTime is the CPU time the process has used so far, user and system,
// from Linux's /proc (in 10 ms ticks); 0 elsewhere.
func cpuTime() time.Duration {
	data, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses: utime
	// and stime are the 12th and 13th, in USER_HZ (100 a second on Linux).
	_, rest, _ := strings.Cut(string(data), ") ")
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
