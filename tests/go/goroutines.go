// goroutines: many goroutines, channels, a WaitGroup and a mutex compute sums that do
// not depend on how the goroutines were scheduled.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

func worker(id int, jobs <-chan int, results chan<- int64, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		var s int64
		for i := 0; i <= j; i++ {
			s += int64(i * id % 7)
		}
		results <- s
	}
}

func main() {
	fmt.Println("GOMAXPROCS >= 1:", runtime.GOMAXPROCS(0) >= 1)

	// a pool of workers fed by a channel
	jobs := make(chan int, 16)
	results := make(chan int64, 16)
	var wg sync.WaitGroup
	for w := 1; w <= 8; w++ {
		wg.Add(1)
		go worker(1, jobs, results, &wg)
	}
	go func() {
		for j := 0; j < 2000; j++ {
			jobs <- j
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	var total int64
	n := 0
	for r := range results {
		total += r
		n++
	}
	fmt.Println("pool:", n, "results, total", total)

	// a chain of goroutines passing a token along unbuffered channels
	const links = 500
	first := make(chan int)
	in := first
	for i := 0; i < links; i++ {
		out := make(chan int)
		go func(in <-chan int, out chan<- int) { out <- 1 + <-in }(in, out)
		in = out
	}
	first <- 0
	fmt.Println("chain:", <-in)

	// a mutex and an atomic counter under contention
	var mu sync.Mutex
	var counter int
	var atomicCounter int64
	var wg2 sync.WaitGroup
	for g := 0; g < 50; g++ {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			for i := 0; i < 1000; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
				atomic.AddInt64(&atomicCounter, 1)
				if i%100 == 0 {
					runtime.Gosched()
				}
			}
		}()
	}
	wg2.Wait()
	fmt.Println("mutex:", counter, "atomic:", atomicCounter)

	// select over several channels
	a, b, done := make(chan int), make(chan int), make(chan bool)
	go func() {
		for i := 0; i < 100; i++ {
			a <- i
		}
		done <- true
	}()
	go func() {
		for i := 0; i < 100; i++ {
			b <- 2 * i
		}
		done <- true
	}()
	sum, finished := 0, 0
	for finished < 2 {
		select {
		case v := <-a:
			sum += v
		case v := <-b:
			sum += v
		case <-done:
			finished++
		}
	}
	fmt.Println("select:", sum)

	// sync.Once and sync.Cond
	var once sync.Once
	calls := 0
	var wg3 sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg3.Add(1)
		go func() { defer wg3.Done(); once.Do(func() { calls++ }) }()
	}
	wg3.Wait()
	cond := sync.NewCond(&mu)
	ready := 0
	for i := 0; i < 5; i++ {
		go func() {
			mu.Lock()
			ready++
			cond.Broadcast()
			mu.Unlock()
		}()
	}
	mu.Lock()
	for ready < 5 {
		cond.Wait()
	}
	mu.Unlock()
	fmt.Println("once:", calls, "cond:", ready)
}
