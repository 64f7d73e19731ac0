/**
 * Conservation laws of one run, as an executable checker: run a scenario event by event and, after
 * every event, check the pool's bookkeeping; at the end, check the result's accounts. Returns the
 * violations found (empty when none), so a property can print them with the scenario.
 */
import { compileScenario } from "../sim/scenario/compile.ts";
import { Simulation, type PoolView } from "../sim/model/simulation.ts";
import type { RunResult } from "../sim/model/result.ts";
import type { Scenario } from "../sim/index.ts";

const IDLE = 1;
const IN_USE = 2;

export function checkRunInvariants(s: Scenario, replication = 0): { result: RunResult; violations: string[] } {
  const sim = new Simulation();
  const p = compileScenario(s);
  const r = sim.begin(p, s.seed, replication);
  const violations: string[] = [];
  let lastUs = 0;
  let events = 0;
  while (sim.step()) {
    const v = sim.inspect();
    if (v.nowUs < lastUs) violations.push(`time went backwards: ${lastUs} → ${v.nowUs} µs`);
    lastUs = v.nowUs;
    checkPool(v, p.poolSize, violations);
    if (violations.length > 0) return { result: sim.end(r), violations: violations.map((x) => `after event ${events}: ${x}`) };
    events++;
  }
  const result = sim.end(r);
  checkEnd(result, sim.inspect(), s, violations);
  return { result, violations };
}

/** Invariants that hold between any two events. */
function checkPool(v: PoolView, poolSize: number, out: string[]): void {
  if (v.turnsUsed < 0 || v.turnsUsed > poolSize) out.push(`turns in use ${v.turnsUsed} outside [0, ${poolSize}]`);
  if (new Set(v.idle).size !== v.idle.length) out.push(`a connection is twice in the idle list: ${v.idle}`);
  const open = new Set(v.open);
  for (const conn of v.idle) {
    if (v.where[conn] !== IDLE) out.push(`connection slot ${conn} is in the idle list but marked ${v.where[conn]}`);
    if (!open.has(conn)) out.push(`connection slot ${conn} is idle but not open`);
  }
  const idleMarked = v.open.filter((c) => v.where[c] === IDLE).length;
  if (idleMarked !== v.idle.length) out.push(`${idleMarked} open connections marked idle, ${v.idle.length} in the idle list`);
  const held = v.connOfCommand.filter((c) => c >= 0);
  if (new Set(held).size !== held.length) out.push(`one connection is used by two commands: ${held}`);
  for (const conn of held) if (v.where[conn] !== IN_USE) out.push(`connection slot ${conn} is used by a command but marked ${v.where[conn]} (idle and in use at once?)`);
  if (v.idleCount !== v.idle.length + v.idleDialsInFlight) out.push(`idleCount ${v.idleCount} ≠ idle ${v.idle.length} + refills under way ${v.idleDialsInFlight}`);
  if (v.pooledCount > poolSize) out.push(`pooled connections ${v.pooledCount} > pool.size ${poolSize}`);
}

/** Accounts that must balance once the run is over. */
function checkEnd(r: RunResult, v: PoolView, s: Scenario, out: string[]): void {
  if (r.outcome !== "complete") out.push(`outcome ${r.outcome}`);
  if (r.succeeded + r.failed !== r.commands) out.push(`succeeded ${r.succeeded} + failed ${r.failed} ≠ commands ${r.commands}`);
  const w = s.workload;
  if (w.kind !== "poisson" && r.commands !== w.commands * (w.kind === "concurrent" ? w.clients : 1)) out.push(`commands ${r.commands} ≠ the workload's`);
  const c = r.connections;
  if (c.opened - c.closed !== c.openAtEnd) out.push(`opened ${c.opened} − closed ${c.closed} ≠ open at end ${c.openAtEnd}`);
  if (c.openAtEnd !== v.open.length) out.push(`open at end ${c.openAtEnd} ≠ open connections ${v.open.length}`);
  // Every command is done, so the only turns still held are those of MinIdle refills under way.
  if (v.turnsUsed !== v.idleDialsInFlight) out.push(`turns in use at the end ${v.turnsUsed} ≠ refill dials under way ${v.idleDialsInFlight}`);
  if (v.connOfCommand.some((conn) => conn >= 0)) out.push(`a command still holds a connection at the end`);
}
