package main

// n goroutines, each holding an open connection to redis-server, leave a barrier (a closed
// channel), take their connection from a mutex-guarded pool (go-redis pool.Get: connsMu around
// popIdle) and write PING; the write instants' spread is what a burst's start spread is.
//
// Run: redis-server --port 6391 --save '' & go run goroutines.go 127.0.0.1:6391
import (
	"bufio"
	"fmt"
	"net"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"
)

func q(a []float64, p float64) float64 { return a[int(p*float64(len(a)-1))] }

func main() {
	addr := "127.0.0.1:6379"
	if len(os.Args) > 1 {
		addr = os.Args[1]
	}
	fmt.Println("GOMAXPROCS", runtime.GOMAXPROCS(0), runtime.Version())
	for _, n := range []int{4, 8, 16, 32} {
		conns := make([]net.Conn, n)
		readers := make([]*bufio.Reader, n)
		for i := range conns {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				panic(err)
			}
			conns[i] = c
			readers[i] = bufio.NewReader(c)
		}
		var spans, gaps, rtts []float64
		sum := 0.0
		for t := 0; t < 200; t++ {
			var mu sync.Mutex
			idle := append([]int(nil), make([]int, n)...)
			for i := range idle {
				idle[i] = i
			}
			start := make(chan struct{})
			var ready, wg sync.WaitGroup
			ready.Add(n)
			wg.Add(n)
			base := time.Now()
			sent := make([]float64, n)
			rt := make([]float64, n)
			for g := 0; g < n; g++ {
				go func(g int) {
					defer wg.Done()
					ready.Done()
					<-start
					mu.Lock()
					cn := idle[len(idle)-1]
					idle = idle[:len(idle)-1]
					mu.Unlock()
					t0 := time.Since(base)
					conns[cn].Write([]byte("PING\r\n"))
					readers[cn].ReadString('\n')
					sent[g] = float64(t0.Nanoseconds()) / 1000
					rt[g] = float64((time.Since(base) - t0).Nanoseconds()) / 1000
				}(g)
			}
			ready.Wait()
			time.Sleep(time.Millisecond)
			close(start)
			wg.Wait()
			sort.Float64s(sent)
			spans = append(spans, sent[n-1]-sent[0])
			for i := 0; i+1 < n; i++ {
				gaps = append(gaps, sent[i+1]-sent[i])
				sum += sent[i+1] - sent[i]
			}
			rtts = append(rtts, rt...)
		}
		for _, c := range conns {
			c.Close()
		}
		sort.Float64s(spans)
		sort.Float64s(gaps)
		sort.Float64s(rtts)
		fmt.Printf("n=%2d write span us: p10 %.1f p50 %.1f p90 %.1f; gap us: p10 %.2f p50 %.2f mean %.2f p90 %.2f; PING round trip us p50 %.0f\n", n, q(spans, .1), q(spans, .5), q(spans, .9), q(gaps, .1), q(gaps, .5), sum/float64(len(gaps)), q(gaps, .9), q(rtts, .5))
	}
}
