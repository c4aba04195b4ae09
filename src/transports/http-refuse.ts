import type { IncomingMessage, ServerResponse } from "node:http";
import type { RpcId } from "./http-reply.js";

/**
 * Early refusals, delivered: a client still sending its body when it is refused (a 413, say) would see
 * the connection reset instead of the answer if the connection closed with unread data. So the answer
 * is sent at once with Connection: close, then the rest of the body is read and dropped, up to a bound,
 * before the connection closes.
 */

/** At most this much of a refused body is read; a client sending more gets the connection closed on it. */
const DRAIN_MAX_BYTES = 16 * 1024 * 1024;
/** And for at most this long. */
const DRAIN_MAX_MS = 5_000;

export function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
  options: { code?: number; id?: RpcId; headers?: Record<string, string> } = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify({
    jsonrpc: "2.0",
    error: { code: options.code ?? -32000, message },
    id: options.id ?? null,
  });
  res.writeHead(status, {
    ...options.headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
    Connection: "close",
  });
  const declared = Number(req.headers["content-length"]);
  if (req.complete || req.readableEnded || declared > DRAIN_MAX_BYTES) {
    res.end(text);
    return;
  }
  res.write(text);
  let read = 0;
  const finish = () => {
    clearTimeout(timer);
    req.off("data", onData);
    req.off("end", finish);
    req.off("error", finish);
    req.off("close", finish);
    res.end();
  };
  const onData = (chunk: Buffer) => {
    read += chunk.length;
    if (read > DRAIN_MAX_BYTES) finish();
  };
  const timer = setTimeout(finish, DRAIN_MAX_MS);
  timer.unref();
  req.on("data", onData);
  req.once("end", finish);
  req.once("error", finish);
  req.once("close", finish);
  req.resume();
}
