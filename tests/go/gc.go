// gc: allocation-heavy loops with forced collections; the live data is checked after
// each collection, and a finalizer runs.
package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

type node struct {
	left, right *node
	val         int
}

func tree(depth, val int) *node {
	if depth == 0 {
		return &node{val: val}
	}
	return &node{tree(depth-1, 2*val), tree(depth-1, 2*val+1), val}
}

func (n *node) sum() int {
	if n == nil {
		return 0
	}
	return n.val + n.left.sum() + n.right.sum()
}

func main() {
	debug.SetGCPercent(50)
	keep := tree(14, 1)
	total := 0
	for round := 0; round < 20; round++ {
		// garbage: short-lived trees, slices and strings
		for i := 0; i < 10; i++ {
			total += tree(10, i).sum() % 1000
		}
		b := make([]byte, 1<<20)
		b[len(b)-1] = byte(round)
		total += int(b[len(b)-1])
		s := strings.Repeat("x", 1000+round)
		total += len(s)
		if round%5 == 0 {
			runtime.GC()
		}
	}
	fmt.Println("kept tree sum:", keep.sum())
	fmt.Println("total:", total)

	// a map that grows and shrinks
	m := make(map[int][]int)
	for i := 0; i < 50000; i++ {
		m[i] = make([]int, i%16)
		if i%3 == 0 {
			delete(m, i/2)
		}
	}
	runtime.GC()
	fmt.Println("map entries:", len(m))

	// a finalizer runs after the object is unreachable and the GC has run
	done := make(chan bool, 1)
	func() {
		obj := &node{val: 42}
		runtime.SetFinalizer(obj, func(n *node) { done <- n.val == 42 })
	}()
	for i := 0; i < 10; i++ {
		runtime.GC()
		select {
		case ok := <-done:
			fmt.Println("finalizer ran:", ok)
			i = 10
		default:
			runtime.Gosched()
		}
	}

	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("collections happened:", ms.NumGC >= 5)
	debug.FreeOSMemory()
	fmt.Println("freed OS memory")
}
