import type { ProfileOptions } from "./profile.ts";

/**
 * redis-py (github.com/redis/redis-py) as version ranges [first, next), read at the tags named.
 * Both lines check a pooled connection with can_read() at checkout and reconnect the same
 * Connection object when it is readable (EOF), TLS included (redis/connection.py
 * ConnectionPool.get_connection at v4.3.4 and v8.1.0), and a failed attempt disconnects its
 * Connection so a retry reconnects it (redis/client.py _execute_command, _close_connection).
 * After can_read(), check_health PINGs when health_check_interval (probeOptions.healthCheckInterval,
 * default 0: off) has passed since the last reply, over the new socket when can_read() reconnected:
 * disconnect() leaves next_health_check (redis/connection.py check_health, send_packed_command,
 * read_response at v4.3.4 and v8.1.0). So the profiles name both checks, in that order.
 */
export interface RedisPyRange {
  first: string;
  next: string;
  since: string;
  doc: string;
  options: ProfileOptions;
}

/**
 * ssl.create_default_context() on every TLS connect (SSLConnection._connect at v4.3.4,
 * _wrap_socket_with_ssl at v8.1.0), which loads the system CA store: TLS_CONTEXT_SETUP is the
 * median CPU time (time.process_time) of 200 calls, 23.2 ms (quartiles 22.3 and 24.0), measured
 * with Python 3's ssl on OpenSSL 3.0.19 and Debian's CA bundle (144 certificates). CPU time,
 * because wall time on a loaded machine adds waiting for a core (median 61 ms at load 12 on 2
 * cores); a context without the CA store takes 0.3 ms.
 */
export const TLS_CONTEXT_SETUP = "23ms";

const common = {
  probe: "tls-aware",
  probeOptions: { secondCheck: "ping-if-due" },
  pool: { order: "lifo", maxIdleTime: "0s", idleClockResolution: "0s", onBadCheckout: "redial" },
};

/**
 * 4.x (v4.3.4, v4.6.0 redis/client.py Redis.__init__, redis/connection.py Connection.__init__):
 * retry=None → Retry(NoBackoff(), 0), so a command makes one attempt; socket_timeout and
 * socket_connect_timeout None, so only the kernel ends a silent read (Linux tcp_retries2 = 15:
 * 924.6s after the unanswered write) or connect (tcp_syn_retries = 6: 127s); socket_keepalive off;
 * RESP2 with no HELLO and no CLIENT SETINFO (that arrives in v5.0.0): no handshake round trip.
 */
const v4: ProfileOptions = {
  ...common,
  retry: { maxRetries: 0, minBackoff: "0s", maxBackoff: "0s", policy: "reconnect", backoff: "none" },
  network: { readTimeout: "924600ms", writeTimeout: "924600ms", dialTimeout: "127s", tlsContextSetup: TLS_CONTEXT_SETUP, initRoundTrips: 0, initRetryLoop: false, initSetinfo: "none", keepAliveIdle: "0s" },
};

/**
 * 8.x (v8.0.0 redis/client.py Redis.__init__, redis/_defaults.py): Retry(ExponentialWithJitterBackoff
 * (base 10ms, cap 1s), 10) for a client that builds its own pool; socket and connect timeouts 5s;
 * keep-alive idle 30s / interval 5s / count 3; RESP3 by default (redis/utils.py
 * DEFAULT_RESP_VERSION = 3), so on_connect sends HELLO, CLIENT MAINT_NOTIFICATIONS, CLIENT SETINFO
 * LIB-NAME and LIB-VER: 4 round trips (redis/connection.py on_connect_check_health).
 */
const v8: ProfileOptions = {
  ...common,
  retry: { maxRetries: 10, minBackoff: "10ms", maxBackoff: "1s", policy: "reconnect", backoff: "full-jitter" },
  network: { readTimeout: "5s", writeTimeout: "5s", dialTimeout: "5s", tlsContextSetup: TLS_CONTEXT_SETUP, initRoundTrips: 4, initRetryLoop: false, initSetinfo: "ignore-redis-errors", keepAliveIdle: "30s", keepAliveInterval: "5s", keepAliveCount: 3 },
};

export const REDIS_PY_RANGES: readonly RedisPyRange[] = [
  { first: "4.0.0", next: "5.0.0", since: "v4.0.0: retry=None → no retries; RESP2, no handshake", doc: "can_read() check on checkout; no retry, no socket timeout, no keep-alive: a silent connection waits for the kernel.", options: v4 },
  { first: "8.0.0", next: "8.2.0", since: "v8.0.0: 10 retries, 10ms/1s full jitter; RESP3 handshake (4 round trips)", doc: "can_read() check on checkout (TLS too); every retry reconnects: a stale connection costs at most one attempt.", options: v8 },
];
