// pipes: os.Pipe ends go through Go's network poller (epoll, edge-triggered): a
// goroutine blocked in Read wakes when another writes, a read deadline expires, a
// megabyte streams through io.Copy, closing the writer gives EOF, and closing a pipe
// wakes a blocked reader with os.ErrClosed.
package main

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

func must(err error) {
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
}

func main() {
	// ping-pong between goroutines over two pipes
	r1, w1, err := os.Pipe()
	must(err)
	r2, w2, err := os.Pipe()
	must(err)
	go func() {
		in := bufio.NewReader(r1)
		for {
			line, err := in.ReadString('\n')
			if err != nil {
				w2.Close()
				return
			}
			fmt.Fprintf(w2, "pong %s", line)
		}
	}()
	out := bufio.NewReader(r2)
	for i := 0; i < 100; i++ {
		fmt.Fprintf(w1, "%d\n", i)
		line, err := out.ReadString('\n')
		must(err)
		if i%25 == 0 {
			fmt.Print("ping-pong: ", line)
		}
	}
	w1.Close()
	_, err = out.ReadString('\n')
	fmt.Println("after close:", err == io.EOF)
	r1.Close()
	r2.Close()

	// a read deadline on an empty pipe
	r, w, err := os.Pipe()
	must(err)
	must(r.SetReadDeadline(time.Now().Add(20 * time.Millisecond)))
	buf := make([]byte, 10)
	_, err = r.Read(buf)
	fmt.Println("deadline:", errors.Is(err, os.ErrDeadlineExceeded))
	must(r.SetReadDeadline(time.Time{}))

	// a blocked reader wakes when the data comes
	go func() {
		time.Sleep(10 * time.Millisecond)
		w.Write([]byte("late data"))
	}()
	n, err := r.Read(buf)
	fmt.Printf("late read: %q %v\n", buf[:n], err)

	// closing a pipe wakes a goroutine blocked reading it
	done := make(chan error)
	go func() {
		_, err := r.Read(buf)
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	r.Close()
	fmt.Println("closed under a reader:", errors.Is(<-done, os.ErrClosed))
	w.Close()

	// a megabyte through a pipe, written in odd-sized pieces
	r, w, err = os.Pipe()
	must(err)
	var wg sync.WaitGroup
	wg.Add(1)
	want := sha256.New()
	go func() {
		defer wg.Done()
		chunk := make([]byte, 7777)
		total := 0
		for i := 0; total < 1<<20; i++ {
			for j := range chunk {
				chunk[j] = byte(i + j)
			}
			k := len(chunk)
			if total+k > 1<<20 {
				k = 1<<20 - total
			}
			want.Write(chunk[:k])
			_, err := w.Write(chunk[:k])
			must(err)
			total += k
		}
		w.Close()
	}()
	got := sha256.New()
	copied, err := io.Copy(got, r)
	wg.Wait()
	fmt.Println("copied:", copied, err, "checksums match:",
		string(got.Sum(nil)) == string(want.Sum(nil)))
	r.Close()

	// a write to a pipe nobody reads fails with EPIPE (Go ignores SIGPIPE on
	// descriptors other than 1 and 2)
	r, w, err = os.Pipe()
	must(err)
	r.Close()
	_, err = w.Write([]byte("x"))
	fmt.Println("write without reader:", err != nil)
	w.Close()
}
