import type { ResolvedSweep, Task } from "./types.ts";

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses "i/n" (1 ≤ i ≤ n); returns a problem text instead when it is not one. */
export function maybeShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const [i, n] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!m || n < 1 || i < 1 || i > n) return `--shard must be i/n with 1 ≤ i ≤ n, e.g. 2/8; got ${JSON.stringify(text)}`;
  return { index: i, count: n };
}

/**
 * The tasks shard i of n runs: every task whose index ≡ i − 1 (mod n). Interleaving spreads the
 * expensive corners of a sweep (large pools, many retries) over all shards; a task (a pairing
 * group) is never split.
 */
export function selectShard(tasks: readonly Task[], shard: Shard | null): Task[] {
  return shard === null ? [...tasks] : tasks.filter((t) => inShard(t.index, shard));
}

/** The task indices of shard i of n (all of 0..count−1 without a shard), by the same rule. */
export function shardTasks(count: number, shard: Shard | null): number[] {
  const out: number[] = [];
  for (let t = 0; t < count; t++) if (shard === null || inShard(t, shard)) out.push(t);
  return out;
}

function inShard(task: number, shard: Shard): boolean {
  return task % shard.count === shard.index - 1;
}

/** The sweep with a fixed replication count instead of its own (the CLI's --reps, for a quick look). */
export function withReplications(sweep: ResolvedSweep, count: number): ResolvedSweep {
  return Object.freeze({ ...sweep, replications: Object.freeze({ kind: "fixed" as const, count }) });
}
