package cli

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"unicode"
)

// shellArg is a path as a person pastes it into a shell, for the "run it
// again with: ..." hints: as it is when no shell reads it differently,
// else in single quotes (double quotes on Windows); one that starts with
// "-" gets "./" first, so that it is not read as a flag.
func shellArg(path string) string {
	if strings.HasPrefix(path, "-") && path != "-" {
		path = "." + string(filepath.Separator) + path
	}
	if runtime.GOOS == "windows" {
		// cmd.exe and PowerShell split at spaces and keep single quotes:
		// double quotes are what both read.
		if strings.ContainsAny(path, " \t&()^;,='") {
			return `"` + path + `"`
		}
		return path
	}
	plain := path != "" && strings.IndexFunc(path, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_-./:=@%+,", r)
	}) < 0
	switch {
	case plain:
		return path
	case strings.IndexFunc(path, unicode.IsControl) >= 0:
		// A newline or tab in a name: bash's and zsh's $'...', where
		// escapes keep the hint on one line.
		var b strings.Builder
		b.WriteString("$'")
		for _, r := range path {
			switch {
			case r == '\\' || r == '\'':
				b.WriteRune('\\')
				b.WriteRune(r)
			case r == '\n':
				b.WriteString(`\n`)
			case r == '\t':
				b.WriteString(`\t`)
			case unicode.IsControl(r) && r < 0x80:
				fmt.Fprintf(&b, `\x%02x`, r)
			case unicode.IsControl(r): // C1: its code point, not one byte
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				b.WriteRune(r)
			}
		}
		b.WriteString("'")
		return b.String()
	}
	return "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
}
