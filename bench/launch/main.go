// Command launch runs a command, writes its resource usage to a file and
// exits with its status. The bench harness starts the programs it times
// through it, so that the peak resident memory it reports is theirs: on
// Linux a process started with vfork (as Go starts them) inherits its
// parent's peak RSS in the figure the kernel reports (ru_maxrss), and the
// harness's peak is larger than the programs'. Started from launch, a
// program inherits launch's, a few MiB.
//
//	launch -usage FILE PROGRAM [ARG]...
//
// FILE receives one JSON object: {"max_rss_kib", "user_ns", "system_ns"}
// of the program.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

func main() {
	usage := flag.String("usage", "", "`file` for the program's resource usage")
	flag.Parse()
	if flag.NArg() < 1 || *usage == "" {
		fmt.Fprintln(os.Stderr, "usage: launch -usage FILE PROGRAM [ARG]...")
		os.Exit(2)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, "launch:", err)
		os.Exit(1)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		b, _ := json.Marshal(map[string]int64{"max_rss_kib": ru.Maxrss, "user_ns": ru.Utime.Nano(), "system_ns": ru.Stime.Nano()})
		if err := os.WriteFile(*usage, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "launch:", err)
			os.Exit(1)
		}
	}
	os.Exit(cmd.ProcessState.ExitCode())
}
