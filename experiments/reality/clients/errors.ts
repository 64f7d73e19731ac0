/** Names the kind of error a caller saw, the same way for every library. */
export function errorKind(error: unknown): string {
  const e = error as { message?: string; code?: string; name?: string };
  const message = e?.message ?? String(error);
  if (/max retries per request/i.test(message)) return "max-retries";
  if (/^LOADING/.test(message)) return "loading";
  if (e?.code === "ECONNRESET" || /ECONNRESET/.test(message)) return "reset";
  if (e?.code === "ECONNREFUSED" || /ECONNREFUSED/.test(message)) return "refused";
  if (/socket closed unexpectedly/i.test(message)) return "closed-unexpectedly";
  if (/client is closed|connection is closed/i.test(message)) return "client-closed";
  if (/offline|enableOfflineQueue/i.test(message)) return "offline";
  if (/aborted/i.test(message)) return "aborted";
  if (/timeout/i.test(message)) return "timeout";
  if (e?.code === "EPIPE") return "epipe";
  return `other:${e?.name ?? "Error"}:${message.slice(0, 40)}`;
}
