/** Thrown when the simulator breaks one of its own invariants: a bug, never bad user input. */
export class InvariantError extends Error {
  override name = "InvariantError";
}

export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}
