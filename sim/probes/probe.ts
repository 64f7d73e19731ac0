/** What a probe strategy may look at: the connection as the client's socket layer sees it. */
export interface ProbeSubject {
  /** ConnState code: what the server has done to the connection. */
  state: number;
  tls: boolean;
  /** Time since the connection was last used, in µs. */
  idleUs: number;
}

/**
 * A health check run on an idle connection taken from the pool (go-redis isHealthyConn's
 * connCheck step). Strategies are registered by key; scenarios store the key, never the object.
 */
export interface ProbeStrategy {
  readonly key: string;
  readonly doc: string;
  /** Whether the probe runs on this connection at all (counts as a probe when true). */
  applies(subject: ProbeSubject): boolean;
  /** The verdict when it runs: true means "dead, close it". */
  judgesDead(subject: ProbeSubject): boolean;
}
