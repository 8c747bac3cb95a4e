// Command gen writes the large generated journal of the benchmarks
// (storetest.Default, 200 relationships, 20,000 sessions, 100,000
// follow-ups) or a multiple of it, for bench/compare.sh:
//
//	go run ./bench/gen -times 5 -o /tmp/j5.db
//
// The journal is built once per size and cached in the temporary folder
// (storetest.CachedPath); -o gets a copy.
package main

import (
	"flag"
	"fmt"
	"os"

	"mentorlog/store/storetest"
)

func main() {
	times := flag.Int("times", 1, "how many times the default journal's size")
	out := flag.String("o", "", "where to write the journal (must not exist)")
	flag.Parse()
	if *out == "" || *times < 1 {
		fmt.Fprintln(os.Stderr, "usage: gen [-times N] -o FILE")
		os.Exit(2)
	}
	if err := storetest.Generate(*out, storetest.Default().Times(*times)); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
