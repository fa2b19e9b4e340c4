// hello: the smallest Go program, its arguments and environment.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("hello from Go,", len(os.Args)-1, "argument(s)")
	for _, a := range os.Args[1:] {
		fmt.Printf("arg %q\n", a)
	}
	fmt.Println("EMU_TEST_VAR =", os.Getenv("EMU_TEST_VAR"))
}
