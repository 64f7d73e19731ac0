import { NESTING_MAX, tooDeep } from "../scenario/depth.ts";
import { forbiddenKeyPath, isForbiddenKey } from "../scenario/keys.ts";
import { cellsToJson, type SweepOutput } from "./output.ts";

/** A shard file that cannot be merged: names the file and what is wrong. */
export class MergeError extends Error {
  override name = "MergeError";
}

export interface ShardText {
  name: string;
  text: string;
}

/**
 * Combines the outputs of `--shard 1/n` … `--shard n/n` (all JSON or all CSV) into exactly the
 * bytes one unsharded run writes. Refuses shards of different sweeps, missing or repeated shards,
 * and overlapping cells; a merge of interrupted shards is itself marked incomplete. A key named
 * __proto__, constructor or prototype anywhere in a shard is refused: no shard output has one,
 * and copying such a key into the merged cells would follow or replace their prototype.
 */
export function mergeShards(files: readonly ShardText[]): string {
  if (files.length === 0) throw new MergeError("merge needs at least one shard file");
  const json = files.map((f) => f.text.trimStart().startsWith("{"));
  if (json.some((j) => j !== json[0])) throw new MergeError("shards must all be JSON or all CSV; got a mix");
  return json[0] ? mergeJson(files) : mergeCsv(files);
}

interface ShardInfo {
  index: number;
  count: number;
  hash: string;
  cellCount: number;
}

function mergeJson(files: readonly ShardText[]): string {
  const docs = files.map((f) => {
    let doc: SweepOutput;
    try {
      doc = JSON.parse(f.text) as SweepOutput;
    } catch (e) {
      throw new MergeError(`${f.name}: not valid JSON (${(e as Error).message})`);
    }
    if (tooDeep(doc, NESTING_MAX + 8) !== null) throw new MergeError(`${f.name}: a damaged shard output (nested more than ${NESTING_MAX + 8} levels deep); run that shard again`);
    const forbidden = forbiddenKeyPath(doc);
    if (forbidden !== null) throw new MergeError(`${f.name}: ${forbidden.join(".")} is not a known field (no shard output has a key named ${forbidden.at(-1)})`);
    if (typeof doc !== "object" || doc === null || typeof doc.shard !== "string") throw new MergeError(`${f.name}: not a shard output (no "shard" field); run the sweep with --shard i/n`);
    if (!Array.isArray(doc.cells) || typeof doc.sweepHash !== "string" || typeof doc.cellCount !== "number") {
      throw new MergeError(`${f.name}: a damaged shard output (needs "cells", "sweepHash" and "cellCount"); run that shard again`);
    }
    return doc;
  });
  const infos = docs.map((d, i) => shardInfo(files[i].name, d.shard!, d.sweepHash, d.cellCount));
  checkShards(files, infos);
  const cells = docs.flatMap((d) => d.cells);
  checkCells(cells.map((c) => c.index));
  cells.sort((a, b) => a.index - b.index);
  const { shard: _, ...first } = docs[0];
  const merged: SweepOutput = { ...first, complete: docs.every((d) => d.complete) && cells.length === first.cellCount, cells };
  return cellsToJson(merged);
}

function mergeCsv(files: readonly ShardText[]): string {
  const parts = files.map((f) => {
    const lines = f.text.split(/\r?\n/).filter((l) => l !== "");
    const comments = lines.filter((l) => l.startsWith("#"));
    const m = /^# shard (\d+)\/(\d+) of sweep ([0-9a-f]+), (\d+) cells$/.exec(comments[0] ?? "");
    if (!m) throw new MergeError(`${f.name}: not a shard output (no "# shard i/n" line); run the sweep with --shard i/n`);
    const body = lines.filter((l) => !l.startsWith("#"));
    if (body.length === 0) throw new MergeError(`${f.name}: a damaged shard output (no header line); run that shard again`);
    const column = body[0].split(",").find(isForbiddenKey);
    if (column !== undefined) throw new MergeError(`${f.name}: column ${column} is not a known field (no shard output has a column named ${column})`);
    const info = shardInfo(f.name, `${m[1]}/${m[2]}`, m[3], Number(m[4]));
    return { info, complete: !comments.some((c) => c.startsWith("# incomplete")), header: body[0], rows: body.slice(1) };
  });
  checkShards(files, parts.map((p) => p.info));
  parts.forEach((p, i) => {
    if (p.header !== parts[0].header) throw new MergeError(`${files[i].name}: its columns differ from ${files[0].name}'s`);
  });
  const rows = parts.flatMap((p) => p.rows).map((row) => ({ index: Number(row.slice(0, row.indexOf(","))), row }));
  checkCells(rows.map((r) => r.index));
  rows.sort((a, b) => a.index - b.index);
  const cellCount = parts[0].info.cellCount;
  const lines = parts.every((p) => p.complete) && rows.length === cellCount ? [] : [`# incomplete: ${rows.length} cells finished, of ${cellCount} in the sweep`];
  return [...lines, parts[0].header, ...rows.map((r) => r.row)].join("\n") + "\n";
}

function shardInfo(name: string, shard: string, hash: string, cellCount: number): ShardInfo {
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  if (!m) throw new MergeError(`${name}: shard must look like "i/n"; got ${JSON.stringify(shard)}`);
  return { index: Number(m[1]), count: Number(m[2]), hash, cellCount };
}

function checkShards(files: readonly ShardText[], infos: ShardInfo[]): void {
  const [first] = infos;
  infos.forEach((s, i) => {
    if (s.hash !== first.hash) throw new MergeError(`${files[i].name} comes from a different sweep than ${files[0].name} (sweep ${s.hash} vs ${first.hash})`);
    if (s.count !== first.count) throw new MergeError(`${files[i].name} is shard ${s.index}/${s.count}, but ${files[0].name} is one of ${first.count}`);
  });
  for (let k = 1; k <= first.count; k++) {
    const n = infos.filter((s) => s.index === k).length;
    if (n === 0) throw new MergeError(`shard ${k}/${first.count} is missing`);
    if (n > 1) throw new MergeError(`shard ${k}/${first.count} is given ${n} times`);
  }
}

function checkCells(indices: number[]): void {
  const seen = new Set<number>();
  for (const i of indices) {
    if (seen.has(i)) throw new MergeError(`cell ${i} appears in more than one shard`);
    seen.add(i);
  }
}
