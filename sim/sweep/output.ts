import type { Estimate } from "../aggregate.ts";
import type { CellResult, ResolvedSweep } from "./types.ts";

/**
 * A sweep's result document. Deterministic: cells sorted by index, numbers rounded to 9
 * significant digits, no timestamps (those go in meta.json), so any thread count, completion
 * order or shard split gives the same bytes.
 */
export interface SweepOutput {
  sweep: ResolvedSweep;
  /** Fingerprint of the sweep: shards of different sweeps refuse to merge. */
  sweepHash: string;
  cellCount: number;
  /** False when the run was interrupted: some of its cells are missing. */
  complete: boolean;
  /** Set on a shard's output only: "i/n". */
  shard?: string;
  cells: CellResult[];
}

export interface OutputOptions {
  /** Cells in the whole sweep. */
  cellCount: number;
  /** Cells this run was to finish (a shard's share); defaults to cellCount. */
  expectedCells?: number;
  shard?: { index: number; count: number };
}

export function buildOutput(sweep: ResolvedSweep, results: readonly CellResult[], options: OutputOptions): SweepOutput {
  const cells = [...results].sort((a, b) => a.index - b.index).map(roundCell);
  const { cellCount } = options;
  const out: SweepOutput = { sweep, sweepHash: sweepHash(sweep), cellCount, complete: cells.length === (options.expectedCells ?? cellCount), cells };
  if (options.shard) out.shard = `${options.shard.index}/${options.shard.count}`;
  return out;
}

/** JSON with one cell per line: readable, diffable, and byte-stable. */
export function cellsToJson(out: SweepOutput): string {
  const head = Object.entries(out)
    .filter(([k]) => k !== "cells")
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const cells = out.cells.map((c) => `    ${JSON.stringify(c)}`).join(",\n");
  return `{\n${head.join(",\n")},\n  "cells": [${cells ? `\n${cells}\n  ` : ""}]\n}\n`;
}

/**
 * CSV, one row per cell: index, one column per axis (named by its path), reps, stop,
 * eventLimitRuns, then per kept metric its mean and 95% bounds, then (paired sweeps) the
 * difference from the baseline cell with its bounds, and the failed-commands histogram as
 * "failed:runs" pairs. Lines starting with # say the file is a shard or incomplete.
 */
export function cellsToCsv(out: SweepOutput): string {
  const { sweep } = out;
  const lines: string[] = [];
  if (out.shard) lines.push(`# shard ${out.shard} of sweep ${out.sweepHash}, ${out.cellCount} cells`);
  if (!out.complete) lines.push(`# incomplete: ${out.cells.length} cells finished, of ${out.cellCount} in the sweep`);
  lines.push(csvHeader(sweep).join(","));
  for (const c of out.cells) lines.push(csvRow(sweep, c).join(","));
  return lines.join("\n") + "\n";
}

export function csvHeader(sweep: ResolvedSweep): string[] {
  const cols = ["index", ...sweep.axes.map((a) => csvField(a.path)), "reps", "stop", "eventLimitRuns"];
  for (const m of sweep.metrics) cols.push(m, `${m}Ci95Lo`, `${m}Ci95Hi`);
  if (sweep.pairAxis !== null) for (const m of sweep.metrics) cols.push(`${m}Diff`, `${m}DiffCi95Lo`, `${m}DiffCi95Hi`);
  cols.push("failedCommandsHistogram");
  return cols;
}

function csvRow(sweep: ResolvedSweep, c: CellResult): string[] {
  const row = [String(c.index), ...c.coords.map((v) => csvField(typeof v === "string" ? v : JSON.stringify(v))), String(c.reps), c.stop, String(c.eventLimitRuns)];
  for (const m of sweep.metrics) row.push(...estimateFields(c.metrics[m]));
  if (sweep.pairAxis !== null) for (const m of sweep.metrics) row.push(...estimateFields(c.diff?.[m]));
  row.push(c.failedCommandsHistogram.map((n, k) => (n > 0 ? `${k}:${n}` : "")).filter(Boolean).join(" "));
  return row;
}

function estimateFields(e: Estimate | undefined): string[] {
  if (!e) return ["", "", ""];
  return [String(e.mean), e.ci95 ? String(e.ci95[0]) : "", e.ci95 ? String(e.ci95[1]) : ""];
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** 9 significant digits: enough for any CI, and free of last-bit noise (toPrecision is exact per ECMA-262). */
export function roundNumber(x: number): number {
  return Number.isFinite(x) && !Number.isInteger(x) ? Number(x.toPrecision(9)) : x;
}

function roundEstimate(e: Estimate): Estimate {
  return { mean: roundNumber(e.mean), ci95: e.ci95 && [roundNumber(e.ci95[0]), roundNumber(e.ci95[1])] };
}

function roundCell(c: CellResult): CellResult {
  const map = (r: Record<string, Estimate>) => Object.fromEntries(Object.entries(r).map(([k, e]) => [k, roundEstimate(e)]));
  return { ...c, metrics: map(c.metrics), diff: c.diff && map(c.diff) };
}

/** FNV-1a (32-bit, twice with different offsets) over the sweep's JSON: 16 hex digits. */
export function sweepHash(sweep: ResolvedSweep): string {
  const text = JSON.stringify(sweep);
  const fnv = (h: number) => {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(16).padStart(8, "0");
  };
  return fnv(0x811c9dc5) + fnv(0x050c5d1f);
}
