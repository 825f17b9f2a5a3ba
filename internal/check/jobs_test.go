package check_test

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/socpick/socpick/internal/check"
)

// Any number of jobs is capped, at MaxJobs and at the number of files: a
// huge --jobs once ran out of memory (2147483647), panicked in makechan
// (2305843009213693952) or started goroutines for ever.
func TestRunCapsJobs(t *testing.T) {
	rs := loadRules(t)
	for _, n := range []int{300, 3} {
		dir := t.TempDir()
		files := map[string]string{}
		for i := range n {
			files[fmt.Sprintf("v%03d.yaml", i)] = vendor(fmt.Sprintf("v%03d", i), heldSOC2)
		}
		writeFiles(t, dir, files)
		inputs, err := check.Collect([]string{dir}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, jobs := range []int{math.MaxInt32, math.MaxInt / 4, math.MaxInt} {
			before := runtime.NumGoroutine()
			most := 0
			r := &check.Runner{Ruleset: rs, Options: check.Options{AsOf: date(t, "2026-11-22")}, Jobs: jobs}
			sum, err := r.Run(context.Background(), inputs, func(*check.Result) error {
				most = max(most, runtime.NumGoroutine()-before)
				return nil
			})
			if err != nil || sum.Files != n || sum.Passed != n {
				t.Fatalf("%d files, jobs %d: %v, %+v", n, jobs, err, sum)
			}
			// The workers and the feeder; the test's own goroutines come
			// and go, hence a little room.
			if want := min(n, check.MaxJobs) + 1; most > want+2 {
				t.Errorf("%d files, jobs %d: %d goroutines at once, want at most %d", n, jobs, most, want)
			}
		}
	}
}
