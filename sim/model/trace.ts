/** One step of a run, for the teaching timeline. Recorded only when a trace is asked for. */
export interface TraceEvent {
  /** Simulated time, µs. */
  t: number;
  type: TraceType;
  /** Connection id (dial order, from 0), when the step concerns one. */
  conn?: number;
  /** Command index (issue order, from 0), when the step concerns one. */
  cmd?: number;
  /** Attempt number within the command, from 0. */
  attempt?: number;
  /** Extra detail: an error kind, a connection state, a duration in µs. */
  detail?: string;
}

export type TraceType =
  | "commandStart"
  | "commandSucceeded"
  | "commandFailed"
  | "attemptStart"
  | "attemptFailed"
  | "backoff"
  | "poolWait"
  | "poolTimeout"
  | "connTaken"
  | "connReturned"
  | "connDialStart"
  | "connDialed"
  | "dialFailed"
  | "probeDiscarded"
  | "expiredDiscarded"
  | "connClosed"
  | "connHit"
  | "serverDown"
  | "serverUp"
  | "breakerOpen"
  | "breakerClosed"
  | "retryRefused"
  | "poolCleared";
