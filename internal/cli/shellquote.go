package cli

import (
	"path/filepath"
	"strings"
	"unicode"
)

// shellArg is a path as a person pastes it into a shell, for the "run it
// again with: ..." hints: as it is when no shell reads it differently,
// else in single quotes; one that starts with "-" gets "./" first, so that
// it is not read as a flag.
func shellArg(path string) string {
	if strings.HasPrefix(path, "-") && path != "-" {
		path = "." + string(filepath.Separator) + path
	}
	plain := path != "" && strings.IndexFunc(path, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_-./:=@%+,", r)
	}) < 0
	if plain {
		return path
	}
	return "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
}
