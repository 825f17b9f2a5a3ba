//go:build !unix

package cli

import "errors"

// mkfifo makes a named pipe at path, for the scripts' mkfifo command:
// there are none here.
func mkfifo(path string) error { return errors.ErrUnsupported }
