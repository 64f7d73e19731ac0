/** The parts of a ClientUnderTest that are the same for every library. */
import { errorKind } from "./errors.ts";
import { waitFor, type ClientCounters, type ClientUnderTest } from "./types.ts";

/**
 * A client under test whose INCR is one library call: the outcome and the write count (from
 * `sends`, kept by the library's write wrapper) are read the same way for every library.
 */
export function underTest(counters: ClientCounters, sends: Map<string, number>, incr: (key: string) => Promise<unknown>, close: () => Promise<void>): ClientUnderTest {
  return {
    counters,
    async incr(key) {
      try {
        await incr(key);
        return { ok: true, kind: "ok", sends: sends.get(key) ?? 0 };
      } catch (e) {
        return { ok: false, kind: errorKind(e), sends: sends.get(key) ?? 0 };
      }
    },
    ...waits(counters),
    close,
  };
}

/** waitClosed and waitReady on the counters the client's event handlers keep. */
export function waits(counters: ClientCounters): Pick<ClientUnderTest, "waitClosed" | "waitReady"> {
  return {
    waitClosed: (since, ms) => waitFor(() => counters.closes > since, ms),
    waitReady: (since, ms) => waitFor(() => counters.readies > since, ms),
  };
}
