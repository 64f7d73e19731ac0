import type { ConnStateName, ErrorKindName } from "./codes.ts";

/**
 * One step of a run, for the teaching timeline and the golden-trace tests: a discriminated union
 * on `type`, every time in µs and every number a number (nothing to parse back out of text).
 * `cmd` is the command's issue index and `attempt` its attempt number (both from 0); `conn` is
 * the connection's dial-order id (from 0). Recorded only when a trace is asked for.
 */
export type TraceEvent =
  | CommandStep<CommandStepType>
  | (CommandStep<"attemptFailed"> & { error: ErrorKindName })
  | (CommandStep<"backoff"> & { sleepUs: number })
  | (CommandStep<"connTaken"> & { conn: number; state: ConnStateName })
  | (CommandStep<"connReturned" | "connDialed"> & { conn: number })
  | { type: "idleConnDialed"; atUs: number; conn: number }
  | { type: "dialFailed"; atUs: number; error: ErrorKindName }
  | { type: ConnStepType; atUs: number; conn: number; state: ConnStateName }
  | { type: "expiredDiscarded"; atUs: number; conn: number; reason: ExpiryReason }
  | { type: "serverDown"; atUs: number; downUs: number }
  | { type: PlainStepType; atUs: number };

interface CommandStep<T extends string> {
  type: T;
  atUs: number;
  cmd: number;
  attempt: number;
}

export type TraceType = TraceEvent["type"];
export type ExpiryReason = "maxLifetime" | "maxIdleTime" | "perished";

/** Steps that name only a command. */
export type CommandStepType = "commandStart" | "commandSucceeded" | "commandFailed" | "attemptStart" | "poolWait" | "poolTimeout" | "retryRefused" | "connDialStart";
/** Steps that name a connection and the state the server left it in. */
export type ConnStepType = "connHit" | "connClosed" | "probeDiscarded";
/** Steps about the server or the pool as a whole. */
export type PlainStepType = "serverUp" | "breakerOpen" | "breakerClosed" | "poolCleared";
