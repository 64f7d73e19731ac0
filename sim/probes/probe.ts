/** What a probe strategy may look at: the connection as the client's socket layer sees it. */
export interface ProbeSubject {
  /** ConnState code: what the server has done to the connection. */
  state: number;
  tls: boolean;
  /** Time since the connection was last used, µs. */
  idleUs: number;
  /** Whether a healthy TLS connection has unread TLS bytes right now (drawn only for probes that ask). */
  pendingBytes: boolean;
  rttUs: number;
  pingTimeoutUs: number;
  pingIdleThresholdUs: number;
  /** redis-py health_check_interval, µs (ping-if-due); 0 off. */
  healthCheckIntervalUs: number;
}

/** A probe's answer: whether it ran, its verdict, and how long it took (µs; 0 for a syscall). */
export interface ProbeOutcome {
  ran: boolean;
  dead: boolean;
  costUs: number;
}

/**
 * A health check run on an idle connection taken from the pool (go-redis isHealthyConn's
 * connCheck step, or a peer's ping). Strategies are registered by key; scenarios store the key.
 */
export interface ProbeStrategy {
  readonly key: string;
  readonly doc: string;
  /** True when the verdict depends on ProbeSubject.pendingBytes (the simulator then draws it). */
  readonly readsPendingBytes: boolean;
  /**
   * True when, as a second check (probeOptions.secondCheck), it also judges a connection dialed for the Get, as
   * idle since forever (redis-py: a new Connection's next_health_check is 0, so its first use
   * PINGs). Other checks leave new connections alone.
   */
  readonly checksNew?: boolean;
  check(subject: ProbeSubject, out: ProbeOutcome): void;
}
