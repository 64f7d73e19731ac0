import { UsageError } from "./usage-error.ts";

export interface FlagSpec {
  /** Flags that take a value; repeatable ones collect every value. */
  values: readonly string[];
  repeatable?: readonly string[];
  booleans?: readonly string[];
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
  booleans: Set<string>;
}

/** Parses `--flag value`, `--flag=value` and positionals; unknown flags are errors. */
export function parseArgs(argv: readonly string[], spec: FlagSpec, command: string): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: new Map(), booleans: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (spec.booleans?.includes(name)) {
      out.booleans.add(name);
      continue;
    }
    if (!spec.values.includes(name)) {
      const known = [...spec.values, ...(spec.booleans ?? [])].map((f) => `--${f}`).join(", ");
      throw new UsageError(`${command}: unknown option --${name}; allowed: ${known}`);
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`${command}: --${name} needs a value`);
    const list = out.flags.get(name) ?? [];
    if (list.length > 0 && !spec.repeatable?.includes(name)) throw new UsageError(`${command}: --${name} given twice`);
    list.push(value);
    out.flags.set(name, list);
  }
  return out;
}

/** An integer flag in [min, max], or the fallback when absent. */
export function intFlag(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const raw = args.flags.get(name)?.[0];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(raw)}`);
  }
  return v;
}

export function choiceFlag<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const raw = args.flags.get(name)?.[0];
  if (raw === undefined) return fallback;
  if (!choices.includes(raw as T)) throw new UsageError(`--${name} must be one of ${choices.join(", ")}; got ${JSON.stringify(raw)}`);
  return raw as T;
}
