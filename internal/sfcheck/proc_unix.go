//go:build unix

package sfcheck

import (
	"os/exec"
	"syscall"
)

// setProcessGroup runs cmd in its own process group so that cancelling kills
// the harness's children (sf, xmllint, the JVM) too.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
