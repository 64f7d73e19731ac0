# n threads leave a threading.Barrier and each runs one command through one redis-py client
# (ConnectionPool of n warm connections); the instant each command is written
# (Connection.send_packed_command) is stamped. Their spread is a burst's start spread.
import sys, threading, time, statistics, redis
from redis.connection import Connection
stamps = []
orig = Connection.send_packed_command
def stamped(self, command, check_health=True):
    stamps.append(time.perf_counter_ns())
    return orig(self, command, check_health)
Connection.send_packed_command = stamped
def q(a, p): return a[int(p * (len(a) - 1))]
for n in (4, 8, 16, 32):
    r = redis.Redis(port=int(sys.argv[1]) if len(sys.argv) > 1 else 6379, max_connections=n)
    warm = [r.connection_pool.get_connection("PING") for _ in range(n)]
    for c in warm: r.connection_pool.release(c)
    spans, gaps = [], []
    for _ in range(200):
        stamps.clear()
        b = threading.Barrier(n)
        def run():
            b.wait()
            r.ping()
        ts = [threading.Thread(target=run) for _ in range(n)]
        for t in ts: t.start()
        for t in ts: t.join()
        s = sorted(stamps)
        s = [(x - s[0]) / 1000 for x in s]
        spans.append(s[-1]); gaps += [s[i + 1] - s[i] for i in range(n - 1)]
    spans.sort(); gaps.sort()
    print(f"n={n:2d} write span us: p10 {q(spans,.1):.0f} p50 {q(spans,.5):.0f} p90 {q(spans,.9):.0f}; gap us: p10 {q(gaps,.1):.1f} p50 {q(gaps,.5):.1f} mean {statistics.mean(gaps):.1f} p90 {q(gaps,.9):.1f}")
