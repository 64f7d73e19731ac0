/**
 * The harness's own connection to the server: a minimal RESP2 client over plain TCP, independent of
 * every client under test, so a bug or a reconnect in those can never disturb the fault injection.
 * `CLIENT KILL ... SKIPME yes` (the default) spares this connection.
 */
import { connect, type Socket } from "node:net";

const REPLY_WAIT_MS = 5000;

export type Reply = string | number | null | Error | Reply[];

export class Admin {
  private buffer = Buffer.alloc(0);
  private readonly waiting: Array<(reply: Reply) => void> = [];
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk) => this.onData(chunk));
    socket.on("error", () => {});
    socket.on("close", () => {
      this.closed = true;
      for (const resolve of this.waiting.splice(0)) resolve(new Error("admin connection closed"));
    });
  }

  /** Connects to 127.0.0.1:port; rejects after `timeoutMs`. */
  static open(port: number, timeoutMs = 2000): Promise<Admin> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port });
      const timer = setTimeout(() => { socket.destroy(); reject(new Error(`admin: no connection to port ${port} in ${timeoutMs} ms`)); }, timeoutMs);
      socket.once("error", (e) => { clearTimeout(timer); reject(e); });
      socket.once("connect", () => { clearTimeout(timer); socket.removeAllListeners("error"); resolve(new Admin(socket)); });
    });
  }

  /** Sends one command and resolves with its reply (a server error resolves as an Error). */
  command(...args: Array<string | number>): Promise<Reply> {
    return this.pipeline([args]).then((replies) => replies[0]);
  }

  /**
   * Writes several commands in one write, so the server reads them in one go; resolves with all
   * replies, or rejects after timeoutMs.
   */
  pipeline(commands: Array<Array<string | number>>, timeoutMs = REPLY_WAIT_MS): Promise<Reply[]> {
    if (this.closed) return Promise.reject(new Error("admin connection closed"));
    const replies = commands.map(() => new Promise<Reply>((resolve) => this.waiting.push(resolve)));
    this.socket.write(commands.map(encode).join(""));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`admin: no reply to ${commands.map((c) => c[0]).join(", ")} in ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([Promise.all(replies), timeout]).finally(() => clearTimeout(timer));
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const parsed = parse(this.buffer, 0);
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.end);
      this.waiting.shift()?.(parsed.reply);
    }
  }
}

function encode(args: Array<string | number>): string {
  const parts = args.map(String);
  return `*${parts.length}\r\n` + parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join("");
}

/** Parses one RESP2 reply at `at`; undefined when the buffer does not yet hold all of it. */
function parse(buf: Buffer, at: number): { reply: Reply; end: number } | undefined {
  const lineEnd = buf.indexOf("\r\n", at);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buf[at]);
  const line = buf.toString("utf8", at + 1, lineEnd);
  const next = lineEnd + 2;
  if (type === "+") return { reply: line, end: next };
  if (type === "-") return { reply: new Error(line), end: next };
  if (type === ":") return { reply: Number(line), end: next };
  if (type === "$") {
    const length = Number(line);
    if (length < 0) return { reply: null, end: next };
    if (buf.length < next + length + 2) return undefined;
    return { reply: buf.toString("utf8", next, next + length), end: next + length + 2 };
  }
  if (type === "*") {
    const count = Number(line);
    if (count < 0) return { reply: null, end: next };
    const items: Reply[] = [];
    let end = next;
    for (let i = 0; i < count; i++) {
      const item = parse(buf, end);
      if (!item) return undefined;
      items.push(item.reply);
      end = item.end;
    }
    return { reply: items, end };
  }
  throw new Error(`admin: unexpected RESP type ${JSON.stringify(type)}`);
}
