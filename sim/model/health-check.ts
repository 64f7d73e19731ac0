import type { Engine } from "../engine/engine.ts";
import { ConnState } from "./codes.ts";
import type { Checkout } from "./checkout.ts";
import type { ConnectionTable } from "./connection-table.ts";
import type { Dialer } from "./dialer.ts";
import { EventKind } from "./events.ts";
import type { ModelParams } from "./params.ts";
import type { Pool } from "./pool.ts";
import type { RunResult } from "./result.ts";

/**
 * Background health check (pgxpool checkHealth, Jedis evictor): every interval, closes idle
 * connections past their lifetime or idle time and, with healthCheckPing, any whose PING fails;
 * then refills MinIdle.
 */
export class HealthCheck {
  private p!: ModelParams;
  private r!: RunResult;

  constructor(
    private readonly engine: Engine<number>,
    private readonly conns: ConnectionTable,
    private readonly pool: Pool,
    private readonly checkout: Checkout,
    private readonly dialer: Dialer,
  ) {}

  start(p: ModelParams, r: RunResult): void {
    this.p = p;
    this.r = r;
    if (p.healthCheckIntervalUs > 0) this.engine.schedule(EventKind.healthCheck, p.healthCheckIntervalUs, 0, 0);
  }

  tick(): void {
    this.pool.dropIdle((conn) => !this.fails(conn));
    this.dialer.refillMinIdle();
    this.engine.schedule(EventKind.healthCheck, this.engine.nowUs + this.p.healthCheckIntervalUs, 0, 0);
  }

  private fails(conn: number): boolean {
    if (this.checkout.expired(conn)) return true;
    if (!this.p.healthCheckPing) return false;
    const s = this.conns.state[conn];
    const dead = s !== ConnState.healthy && s !== ConnState.readonly;
    if (dead) this.r.healthCheckClosed++;
    return dead;
  }
}
