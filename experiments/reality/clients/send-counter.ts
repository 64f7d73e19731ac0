/**
 * Counts how often each harness key is written to a socket, by wrapping the one method a library
 * writes commands through. Keys are unique per command ("reality:…"), so each write of an INCR
 * carries its key exactly once.
 */
export const KEY_PREFIX = "reality:";

export function createSendCounter(): { sends: Map<string, number>; note(chunk: unknown): void } {
  const sends = new Map<string, number>();
  return {
    sends,
    note(chunk) {
      const text = typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("latin1") : "";
      let at = text.indexOf(KEY_PREFIX);
      while (at >= 0) {
        const end = text.indexOf("\r\n", at);
        const key = text.slice(at, end < 0 ? text.length : end);
        sends.set(key, (sends.get(key) ?? 0) + 1);
        at = text.indexOf(KEY_PREFIX, at + key.length);
      }
    },
  };
}
