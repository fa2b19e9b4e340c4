// timers: time.Sleep, time.After, time.Ticker, time.AfterFunc and a context deadline,
// printed in an order that does not depend on the machine's speed.
package main

import (
	"context"
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	fmt.Println("slept at least 20ms:", time.Since(start) >= 20*time.Millisecond)

	// the earlier timer fires first
	select {
	case <-time.After(200 * time.Millisecond):
		fmt.Println("after: the late one")
	case <-time.After(10 * time.Millisecond):
		fmt.Println("after: the early one")
	}

	// a ticker ticks five times
	t := time.NewTicker(5 * time.Millisecond)
	ticks := 0
	for range t.C {
		ticks++
		if ticks == 5 {
			break
		}
	}
	t.Stop()
	fmt.Println("ticker:", ticks, "ticks")

	// AfterFunc runs on its own goroutine
	done := make(chan string)
	time.AfterFunc(15*time.Millisecond, func() { done <- "afterfunc ran" })
	fmt.Println(<-done)

	// a stopped timer never fires
	stopped := time.NewTimer(5 * time.Millisecond)
	fmt.Println("stop before firing:", stopped.Stop())

	// timers started in reverse order fire in deadline order
	order := make(chan int, 5)
	for i := 5; i >= 1; i-- {
		i := i
		time.AfterFunc(time.Duration(i)*8*time.Millisecond, func() { order <- i })
	}
	for i := 0; i < 5; i++ {
		fmt.Print(<-order, " ")
	}
	fmt.Println()

	// a context deadline
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	select {
	case <-ctx.Done():
		fmt.Println("context:", ctx.Err())
	case <-time.After(time.Second):
		fmt.Println("context: never cancelled")
	}

	// many goroutines sleeping at once
	res := make(chan int, 100)
	for i := 0; i < 100; i++ {
		i := i
		go func() {
			time.Sleep(time.Duration(i%10) * time.Millisecond)
			res <- i
		}()
	}
	sum := 0
	for i := 0; i < 100; i++ {
		sum += <-res
	}
	fmt.Println("sleepers:", sum)
	fmt.Println("monotonic clock moved forward:", time.Since(start) > 0)
}
