// signals: os/signal delivers SIGUSR1 and SIGHUP sent to this process, a stopped
// notification no longer delivers, an ignored signal does nothing, and a CPU-bound
// goroutine is preempted (Go sends itself SIGURG) so that another one runs.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	c := make(chan os.Signal, 4)
	signal.Notify(c, syscall.SIGUSR1, syscall.SIGHUP)
	pid := os.Getpid()

	syscall.Kill(pid, syscall.SIGUSR1)
	fmt.Println("got", <-c)
	syscall.Kill(pid, syscall.SIGHUP)
	fmt.Println("got", <-c)

	signal.Ignore(syscall.SIGUSR2)
	syscall.Kill(pid, syscall.SIGUSR2)
	fmt.Println("SIGUSR2 ignored")

	signal.Stop(c)
	signal.Ignore(syscall.SIGUSR1)
	syscall.Kill(pid, syscall.SIGUSR1)
	select {
	case s := <-c:
		fmt.Println("unexpected", s)
	case <-time.After(10 * time.Millisecond):
		fmt.Println("no delivery after Stop")
	}

	// with one P, a goroutine spinning without function calls must be preempted
	// asynchronously for the main goroutine to run again
	runtime.GOMAXPROCS(1)
	var stop int32
	var spins int64
	go func() {
		for atomic.LoadInt32(&stop) == 0 {
			spins++
		}
	}()
	time.Sleep(5 * time.Millisecond)
	atomic.StoreInt32(&stop, 1)
	fmt.Println("preempted a spinning goroutine")
}
