import type { Readable, Writable } from "node:stream";
import {
  type JSONRPCMessage,
  parseJSONRPCMessage,
  type Server,
  STDIO_DEFAULT_MAX_BUFFER_SIZE,
  type Transport,
} from "@modelcontextprotocol/server";
import { serveStdio as serveBothEras } from "@modelcontextprotocol/server/stdio";

/** JSON-RPC batches were removed in protocol 2025-06-18; a connection that opened with an older one may batch. */
const LAST_VERSION_WITH_BATCHES = "2025-03-26";
/** A line longer than this without a newline ends the connection rather than the process's memory. */
const MAX_LINE_CHARS = STDIO_DEFAULT_MAX_BUFFER_SIZE;

/**
 * Serves one MCP client over stdin/stdout until stdin closes or a signal arrives; then calls `onClose`.
 * The client's first message decides the era: a 2025 `initialize` or a 2026-07-28 request.
 */
export function serveStdio(createServer: () => Server, onClose: () => Promise<void>): void {
  const handle = serveBothEras(createServer, { transport: new StdioWire(process.stdin, process.stdout) });
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
 * Newline-delimited JSON-RPC over two streams, as MCP's stdio transport frames it. Unlike the SDK's
 * StdioServerTransport, it answers a JSON-RPC batch -32600 (the SDK drops it without a word) unless the
 * negotiated protocol version still allows batches; then each message in it is taken on its own. Lines
 * are read as strings and parsed once each, with nothing between the stream and the server (a tool call
 * costs about 0.1 ms less than through the SDK's transport behind a filter stream; see BENCHMARKS.md).
 */
export class StdioWire implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private pending = "";
  private batchesAllowed = false;
  private closed = false;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
  ) {}

  async start(): Promise<void> {
    this.input.setEncoding("utf8");
    this.input.on("data", this.onData);
    this.input.on("error", this.onInputError);
    this.input.on("end", this.onInputEnd);
    this.input.on("close", this.onInputEnd);
    // Stays attached after close, so a late EPIPE from a departed client is not an uncaught error.
    this.output.on("error", this.onOutputError);
    if (this.input.readableEnded || this.input.destroyed) setImmediate(this.onInputEnd);
  }

  setProtocolVersion(version: string): void {
    this.batchesAllowed = version <= LAST_VERSION_WITH_BATCHES;
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error("The stdio connection is closed"));
    if (this.output.write(`${JSON.stringify(message)}\n`)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        this.output.off("drain", done);
        this.output.off("error", done);
        if (error) reject(error);
        else resolve();
      };
      this.output.once("drain", done);
      this.output.once("error", done);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off("data", this.onData);
    this.input.off("error", this.onInputError);
    this.input.off("end", this.onInputEnd);
    this.input.off("close", this.onInputEnd);
    if (this.input.listenerCount("data") === 0) this.input.pause();
    this.pending = "";
    this.onclose?.();
  }

  private readonly onData = (chunk: string) => {
    let start = 0;
    for (let end = chunk.indexOf("\n"); end >= 0 && !this.closed; end = chunk.indexOf("\n", start)) {
      const line = this.pending + chunk.slice(start, end);
      this.pending = "";
      start = end + 1;
      this.line(line); // a CR before the newline is JSON whitespace
    }
    this.pending += chunk.slice(start);
    if (this.pending.length > MAX_LINE_CHARS) {
      this.onerror?.(
        new Error(`A message longer than ${MAX_LINE_CHARS} characters was sent; closing the connection`),
      );
      void this.close();
    }
  };

  /** One line: a message, a batch, or something else, which is skipped as the SDK skips it. */
  private line(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(parsed)) this.deliver(parsed);
    else if (parsed.length > 0 && this.batchesAllowed) for (const message of parsed) this.deliver(message);
    else this.refuseBatch();
  }

  private refuseBatch(): void {
    this.send({
      jsonrpc: "2.0",
      id: null,
      error: {
        code: -32600,
        message:
          "Invalid Request: JSON-RPC batches are not supported by this connection's protocol version; send one message per line",
      },
    } as unknown as JSONRPCMessage).catch((error) => this.onerror?.(error));
  }

  private deliver(value: unknown): void {
    let message: JSONRPCMessage;
    try {
      message = parseJSONRPCMessage(value);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.onmessage?.(message);
  }

  private readonly onInputError = (error: Error) => this.onerror?.(error);
  private readonly onInputEnd = () => void this.close();
  private readonly onOutputError = (error: Error) => {
    if (this.closed) return;
    this.onerror?.(error);
    void this.close();
  };
}
