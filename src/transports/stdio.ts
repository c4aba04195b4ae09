import { PassThrough, type Readable } from "node:stream";
import type { JSONRPCMessage, Server } from "@modelcontextprotocol/server";
import { StdioServerTransport, serveStdio as serveBothEras } from "@modelcontextprotocol/server/stdio";

/** JSON-RPC batches were removed in protocol 2025-06-18; a connection that opened with an older one may batch. */
const LAST_VERSION_WITH_BATCHES = "2025-03-26";

/**
 * Serves one MCP client over stdin/stdout until stdin closes or a signal arrives; then calls `onClose`.
 * The client's first message decides the era: a 2025 `initialize` or a 2026-07-28 request.
 */
export function serveStdio(createServer: () => Server, onClose: () => Promise<void>): void {
  // A refused batch is answered through the same transport as every other frame.
  let transport: StdioServerTransport | undefined;
  const input = batchGate(process.stdin, (message) => void transport?.send(message as JSONRPCMessage));
  transport = new StdioServerTransport(input, process.stdout);
  const handle = serveBothEras(createServer, { transport });
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await handle.close().catch(() => {});
    await onClose();
  };
  process.stdin.on("end", close);
  process.stdin.on("close", close);
  process.once("SIGINT", close);
  process.once("SIGTERM", close);
}

/**
 * The client's lines, with JSON-RPC batches handled as the connection's protocol version says: answered
 * -32600 (the SDK would drop them without a word), or, where the version still allows batches, passed
 * on one message per line (each then answered on its own line).
 */
export function batchGate(input: Readable, answer: (message: unknown) => void): Readable {
  const output = new PassThrough();
  let batchesAllowed = false;
  let pending = "";
  const line = (text: string) => {
    const start = text.trimStart();
    if (start.startsWith("[")) {
      const batch = parse(text);
      if (Array.isArray(batch) && batch.length > 0 && batchesAllowed) {
        for (const message of batch) output.write(`${JSON.stringify(message)}\n`);
      } else if (Array.isArray(batch)) {
        answer({
          jsonrpc: "2.0",
          id: null,
          error: {
            code: -32600,
            message:
              "Invalid Request: JSON-RPC batches are not supported by this connection's protocol version; send one message per line",
          },
        });
      } else output.write(`${text}\n`);
      return;
    }
    if (start.includes('"initialize"')) {
      const opening = parse(text) as { method?: unknown; params?: { protocolVersion?: unknown } } | undefined;
      const version = opening?.params?.protocolVersion;
      if (opening?.method === "initialize")
        batchesAllowed = typeof version === "string" && version <= LAST_VERSION_WITH_BATCHES;
    }
    output.write(`${text}\n`);
  };
  input.setEncoding("utf8");
  input.on("data", (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
      line(pending.slice(0, end));
      pending = pending.slice(end + 1);
    }
  });
  input.on("end", () => {
    if (pending) line(pending);
    output.end();
  });
  return output;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
