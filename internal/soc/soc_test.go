package soc

import (
	"regexp"
	"testing"
)

func TestValidIDIsIDPattern(t *testing.T) {
	re := regexp.MustCompile(IDPattern)
	for _, s := range []string{"", "a", "acme-payroll", "-acme", "acme-", "Acme", "a_b", "a b", "0day", "é", "soc2", "a--b", "-"} {
		if got, want := ValidID(s), re.MatchString(s); got != want {
			t.Errorf("ValidID(%q) = %v, IDPattern says %v", s, got, want)
		}
	}
}
