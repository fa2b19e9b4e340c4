// exec: os/exec runs a child process (this same program, in child mode), passes it
// arguments, an environment variable and stdin, and reads its stdout and exit status.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

func child() {
	switch os.Args[2] {
	case "echo":
		fmt.Println("child args:", strings.Join(os.Args[3:], ","), "var:", os.Getenv("CHILD_VAR"))
	case "cat":
		b, _ := io.ReadAll(os.Stdin)
		fmt.Print(strings.ToUpper(string(b)))
	case "fail":
		os.Exit(7)
	}
}

func main() {
	if len(os.Args) > 2 && os.Args[1] == "child" {
		child()
		return
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Println("executable:", err)
		os.Exit(1)
	}

	cmd := exec.Command(self, "child", "echo", "a", "b c")
	cmd.Env = append(os.Environ(), "CHILD_VAR=set")
	out, err := cmd.Output()
	fmt.Printf("echo: %q err=%v\n", out, err)

	cmd = exec.Command(self, "child", "cat")
	cmd.Stdin = strings.NewReader("through a pipe\n")
	out, err = cmd.Output()
	fmt.Printf("cat: %q err=%v\n", out, err)

	err = exec.Command(self, "child", "fail").Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		fmt.Println("fail: exit code", ee.ExitCode())
	} else {
		fmt.Println("fail: unexpected", err)
	}

	// a pipe between the parent and a child, read as it is written
	cmd = exec.Command(self, "child", "cat")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		fmt.Println("start:", err)
		os.Exit(1)
	}
	for i := 0; i < 3; i++ {
		fmt.Fprintf(stdin, "line %d\n", i)
	}
	stdin.Close()
	b, _ := io.ReadAll(stdout)
	fmt.Printf("piped: %q wait=%v\n", b, cmd.Wait())

	_, err = exec.LookPath("surely-no-such-program-here")
	fmt.Println("lookpath missing:", err != nil)
}
