import type { IncomingMessage } from "node:http";

/** What the transport needs to know about a POST body before handing it to the SDK. */
export interface McpBody {
  /** The parsed JSON, passed on to the SDK transport as is. */
  json: unknown;
  /** Every message in it that has a `method` (requests and notifications), in order. */
  methods: string[];
  /** Tool calls among them: each costs one rate-limit token. */
  toolCalls: number;
  /** `tools/call` messages are summarised with the tool's name, for the access log. */
  summary: string;
  isInitialize: boolean;
  /** A JSON-RPC batch (an array of messages). */
  isBatch: boolean;
  /** Some message carries the 2026-07-28 per-request envelope (its protocol version in `_meta`). */
  claimsModern: boolean;
  /** Requests (with an id) that will need an answer; responses and notifications need none. */
  hasRequests: boolean;
  /** The id of the only request, to answer it with a JSON-RPC error; null otherwise. */
  singleId: string | number | null;
}

const MODERN_VERSION_KEY = "io.modelcontextprotocol/protocolVersion";

export type BodyRead = { ok: true; text: string } | { ok: false; reason: "too-large" | "aborted" };

/** Reads a request body up to `limit` bytes; a declared Content-Length over it is refused unread. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  if (Number(req.headers["content-length"]) > limit)
    return Promise.resolve({ ok: false, reason: "too-large" });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish({ ok: false, reason: "too-large" });
      } else chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, text: Buffer.concat(chunks).toString("utf8") });
    const onError = () => finish({ ok: false, reason: "aborted" });
    const onClose = () => {
      if (!req.complete) finish({ ok: false, reason: "aborted" });
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Looks at JSON-RPC messages without validating them (the SDK does that and answers malformed ones). */
export function describeBody(json: unknown): McpBody {
  const messages = (Array.isArray(json) ? json : [json]).filter(isObject);
  const methods: string[] = [];
  const summary: string[] = [];
  let toolCalls = 0;
  let requests = 0;
  let singleId: string | number | null = null;
  let claimsModern = false;
  for (const message of messages) {
    const meta = isObject(message.params) ? message.params._meta : undefined;
    if (isObject(meta) && MODERN_VERSION_KEY in meta) claimsModern = true;
    const method = typeof message.method === "string" ? message.method : undefined;
    const id = typeof message.id === "string" || typeof message.id === "number" ? message.id : undefined;
    if (method === undefined) {
      summary.push("response");
      continue;
    }
    methods.push(method);
    if (id !== undefined) {
      requests++;
      singleId = id;
    }
    if (method === "tools/call") {
      toolCalls++;
      const name = isObject(message.params) ? message.params.name : undefined;
      summary.push(typeof name === "string" ? `tools/call ${name.slice(0, 64)}` : method);
    } else summary.push(method.slice(0, 64));
  }
  return {
    json,
    methods,
    toolCalls,
    summary: summary.join(","),
    isInitialize: methods.includes("initialize"),
    isBatch: Array.isArray(json),
    claimsModern,
    hasRequests: requests > 0,
    singleId: requests === 1 ? singleId : null,
  };
}
