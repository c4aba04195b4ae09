import type { IncomingMessage, ServerResponse } from "node:http";

/** Writing answers to node:http responses, and turning requests and answers into their web forms. */

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

export type RpcId = string | number | null;

/** A JSON-RPC error in an HTTP error, as the SDK's own transports answer; it names the request's id. */
export function sendRpcError(
  res: ServerResponse,
  status: number,
  message: string,
  options: { code?: number; id?: RpcId; headers?: Record<string, string> } = {},
): void {
  sendJson(
    res,
    status,
    { jsonrpc: "2.0", error: { code: options.code ?? -32000, message }, id: options.id ?? null },
    options.headers,
  );
}

/**
 * The web Request the SDK serves, built from a node:http request whose body was already read. `signal`
 * aborts when the client goes away: that is how a 2026-07-28 client cancels a call.
 */
export function toWebRequest(
  req: IncomingMessage,
  url: string,
  body: string | undefined,
  signal: AbortSignal,
): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return new Request(url, { method: req.method, headers, body, signal });
}

/** Resolves when `res` can take more, or has closed. */
function writable(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

/** Copies a web Response (a JSON body or an SSE stream) to the node:http response. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  // A JSON answer is complete: one write. Only an SSE stream is copied as it comes.
  if (!headers["content-type"]?.startsWith("text/event-stream")) {
    res.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  const reader = response.body.getReader();
  res.once("close", () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // SSE frames must reach the client as they are written, not when a buffer fills.
      if (!res.write(value)) await writable(res);
    }
    res.end();
  } catch {
    res.destroy();
  }
}
