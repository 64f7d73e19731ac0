import { parseArgs } from "node:util";
import { UsageError } from "./usage-error.ts";

/** One command-line option of a command. */
export interface OptionSpec {
  type: "string" | "boolean";
  /** Placeholder of the value in the usage line, e.g. "N" or "table|json". */
  arg?: string;
  /** Repeatable: every value is kept, in order. */
  multiple?: boolean;
  /** Shown without brackets in the usage line; the command itself checks that it is there. */
  required?: boolean;
  /** Left out of the usage line (it is part of `operands`), still listed by --help. */
  hidden?: boolean;
  /** One line for --help: meaning and default. */
  doc: string;
}

/** A command's interface: the single source of its parser, its usage line and its --help. */
export interface CommandSpec {
  /** How it is invoked, e.g. "npm run --silent sim -- run". */
  invocation: string;
  /** The operands in the usage line, e.g. "<scenario.json>". */
  operands: string;
  /** Most operands accepted (Infinity for a list of files). */
  operandsMax: number;
  /** What the command does, for --help. */
  doc: string;
  options: Record<string, OptionSpec>;
}

export interface ParsedCommand {
  /** The command's name, which prefixes every message about its options. */
  command: string;
  operands: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
}

const HELP: OptionSpec = { type: "boolean", doc: "print this help and exit" };

/** `npm run --silent sim -- run <scenario.json> [--reps N] …`, built from the spec. */
export function usageLine(spec: CommandSpec): string {
  const options = Object.entries(spec.options)
    .filter(([, o]) => !o.hidden)
    .map(([name, o]) => {
      const text = `--${name}${o.arg ? ` ${o.arg}` : ""}${o.multiple ? " ..." : ""}`;
      return o.required ? text : `[${text}]`;
    });
  return [spec.invocation, spec.operands, ...options].join(" ");
}

export function helpText(spec: CommandSpec): string {
  const rows = [...Object.entries(spec.options), ["help", HELP] as const].map(([name, o]) => {
    const flag = `${name === "help" ? "-h, " : "    "}--${name}${o.arg ? ` ${o.arg}` : ""}`;
    return [flag, o.doc + (o.multiple ? " (repeatable)" : "")];
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [`usage: ${usageLine(spec)}`, "", spec.doc, "", "options:", ...rows.map(([flag, doc]) => `  ${flag.padEnd(width)}  ${doc}`)].join("\n");
}

/**
 * Parses a command's arguments with node's util.parseArgs (strict: unknown options, missing values
 * and values given to a boolean are errors). `--help`/`-h` anywhere before a `--` prints the help
 * through `out` and returns null. Every error is one UsageError line naming the option.
 */
export function parseCommand(name: string, spec: CommandSpec, argv: readonly string[], out: (text: string) => void): ParsedCommand | null {
  const end = argv.indexOf("--");
  if ((end < 0 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h")) {
    out(helpText(spec));
    return null;
  }
  const options = Object.fromEntries(Object.entries(spec.options).map(([k, o]) => [k, { type: o.type, multiple: o.multiple ?? false }]));
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; tokens: true; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true, tokens: true });
  } catch (e) {
    throw new UsageError(`${name}: ${parseProblem(e as Error & { code?: string }, spec)}`);
  }
  for (const [option, o] of Object.entries(spec.options)) {
    const given = parsed.tokens.filter((t) => t.kind === "option" && t.name === option).length;
    if (given > 1 && !o.multiple) throw new UsageError(`${name}: --${option} given twice`);
  }
  if (parsed.positionals.length > spec.operandsMax) {
    throw new UsageError(`${name}: takes ${spec.operands}; got ${parsed.positionals.length} operands: ${parsed.positionals.join(" ")}`);
  }
  return { command: name, operands: parsed.positionals, values: parsed.values };
}

/** util.parseArgs's messages are long and multi-line: one line naming the option instead. */
function parseProblem(e: Error & { code?: string }, spec: CommandSpec): string {
  const option = /'(-{1,2}[^' =]+)/.exec(e.message)?.[1] ?? "";
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const known = [...Object.keys(spec.options), "help"].map((k) => `--${k}`).join(", ");
    return `unknown option ${option}; allowed: ${known}`;
  }
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    if (/does not take an argument/.test(e.message)) return `${option} takes no value`;
    if (/ambiguous/.test(e.message)) return `${option} needs a value; for one that starts with "-", write ${option}=-…`;
    return `${option} needs a value`;
  }
  return e.message.split("\n")[0];
}

export function stringOption(args: ParsedCommand, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === "string" ? v : undefined;
}

export function listOption(args: ParsedCommand, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? v.map(String) : [];
}

export function booleanOption(args: ParsedCommand, name: string): boolean {
  return args.values[name] === true;
}

/** An integer option in [min, max], or the fallback when absent. */
export function intOption(args: ParsedCommand, name: string, fallback: number, min: number, max: number): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const v = raw.trim() === "" ? NaN : Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(`${args.command}: --${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(raw)}`);
  }
  return v;
}

export function choiceOption<T extends string>(args: ParsedCommand, name: string, choices: readonly T[], fallback: T): T {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  if (!choices.includes(raw as T)) throw new UsageError(`${args.command}: --${name} must be one of ${choices.join(", ")}; got ${JSON.stringify(raw)}`);
  return raw as T;
}
