// netloop: Go's net package over emu's sockets. A TCP echo server on 127.0.0.1
// with 16 concurrent clients (goroutines on the network poller: non-blocking
// accept4 and connect, epoll, SO_ERROR), a read deadline, a refused dial, UDP
// datagrams, a unix socket in the working directory, and an HTTP server fetched
// with net/http. Output is in a fixed order; ports are never printed.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

func must(err error) {
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
}

func echo(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		fmt.Fprintf(c, "echo %s", strings.ToUpper(line))
	}
}

func serve(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go echo(c)
	}
}

func tcp() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	go serve(l)
	var wg sync.WaitGroup
	answers := make([]string, 16)
	for i := range answers {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := net.Dial("tcp", l.Addr().String())
			if err != nil {
				answers[i] = "dial: " + err.Error()
				return
			}
			defer c.Close()
			fmt.Fprintf(c, "hello from %d\n", i)
			line, err := bufio.NewReader(c).ReadString('\n')
			if err != nil {
				answers[i] = "read: " + err.Error()
				return
			}
			answers[i] = strings.TrimSpace(line)
		}(i)
	}
	wg.Wait()
	for _, a := range answers {
		fmt.Println(a)
	}
	// a read deadline on a connection nobody writes to
	c, err := net.Dial("tcp", l.Addr().String())
	must(err)
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	_, err = c.Read(make([]byte, 1))
	var ne net.Error
	fmt.Println("read deadline: timeout", errors.As(err, &ne) && ne.Timeout())
	c.Close()
	addr := l.Addr().String()
	l.Close()
	_, err = net.Dial("tcp", addr)
	fmt.Println("dial after close: refused", errors.Is(err, syscall.ECONNREFUSED))
}

func udp() {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	must(err)
	defer pc.Close()
	c, err := net.Dial("udp", pc.LocalAddr().String())
	must(err)
	defer c.Close()
	for _, m := range []string{"one", "two two", "three three three"} {
		_, err := c.Write([]byte(m))
		must(err)
	}
	buf := make([]byte, 64)
	for i := 0; i < 3; i++ {
		n, from, err := pc.ReadFrom(buf)
		must(err)
		fmt.Printf("udp %q from the client: %v\n", buf[:n], from.String() == c.LocalAddr().String())
		pc.WriteTo(buf[:n], from)
	}
	n, err := c.Read(buf)
	must(err)
	fmt.Printf("udp reply %q\n", buf[:n])
}

func unix() {
	l, err := net.Listen("unix", "netloop.sock")
	must(err)
	go serve(l)
	c, err := net.Dial("unix", "netloop.sock")
	must(err)
	fmt.Fprintf(c, "over a unix socket\n")
	line, err := bufio.NewReader(c).ReadString('\n')
	must(err)
	fmt.Print(line)
	c.Close()
	l.Close()
	_, err = os.Stat("netloop.sock")
	fmt.Println("socket file removed by Close:", os.IsNotExist(err))
}

func web() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Test", "yes")
		fmt.Fprintf(w, "hello %s, %s", r.URL.Query().Get("name"), r.Method)
	})
	page := strings.Repeat("a file served with sendfile\n", 4000)
	must(os.WriteFile("page.txt", []byte(page), 0644))
	mux.HandleFunc("/file", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, "page.txt")
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(l)
	client := &http.Client{Transport: &http.Transport{Proxy: nil}}
	var bodies []string
	for _, name := range []string{"gopher", "emu", "linux"} {
		resp, err := client.Get("http://" + l.Addr().String() + "/hello?name=" + name)
		must(err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		bodies = append(bodies, fmt.Sprintf("%d %s %q", resp.StatusCode, resp.Header.Get("X-Test"), body))
	}
	resp, err := client.Get("http://" + l.Addr().String() + "/file")
	must(err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	bodies = append(bodies, fmt.Sprintf("%d /file: %d bytes, the same: %v", resp.StatusCode, len(body), string(body) == page))
	resp, err = client.Get("http://" + l.Addr().String() + "/missing")
	must(err)
	resp.Body.Close()
	bodies = append(bodies, fmt.Sprintf("%d for /missing", resp.StatusCode))
	sort.Strings(bodies)
	for _, b := range bodies {
		fmt.Println(b)
	}
	srv.Close()
}

func main() {
	tcp()
	udp()
	unix()
	web()
}
