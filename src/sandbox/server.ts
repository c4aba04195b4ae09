/** startSandbox: the embedded Arize-compatible HTTP API on node:http. */

import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { hostChecker, originChecker } from "../transports/http-guards.js";
import { openStore } from "./open-store.js";
import type { StateWriter } from "./persist.js";
import { ApiProblem, defaultDetail, problemBody } from "./problem.js";
import { MethodNotAllowed, route } from "./router.js";
import type { SeedName } from "./seed.js";
import { type SandboxStore, StoreError } from "./store.js";

export interface SandboxOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Load state from this file if it exists, else seed and create it; every write saves it. */
  dataFile?: string;
  /** Default "demo". Ignored when the data file exists. */
  seed?: SeedName;
  /** When set, only "Bearer <apiKey>" is accepted; otherwise any non-empty Bearer token is. */
  apiKey?: string;
  /**
   * Host and Origin values accepted beyond the bound address, as for the MCP endpoint: a request with
   * another Host (DNS rebinding) or a foreign Origin (a web page) is answered 403 and changes nothing.
   */
  allowedHosts?: string[];
  allowedOrigins?: string[];
  /**
   * For tests: called with each request that passed the Host and Origin checks, before it is handled. It
   * may record it, delay it (by settling later), or return a status (400-599) to answer with instead.
   */
  intercept?: (
    request: InterceptedRequest,
  ) => Promise<InterceptReply | undefined> | InterceptReply | undefined;
}

export interface InterceptedRequest {
  method: string;
  /** The raw, still percent-encoded path. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body as text, "" when empty. */
  body: string;
}

/** Sent as problem+json with `status`'s usual detail, instead of handling the request. */
export interface InterceptReply {
  status: number;
  headers?: Record<string, string>;
}

export interface Sandbox {
  /** Origin without a trailing slash, e.g. "http://127.0.0.1:43123". */
  url: string;
  port: number;
  store: SandboxStore;
  /** Stops listening, drops keep-alive connections, and waits for pending saves. */
  close(): Promise<void>;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  const { store, writer } = await openStore(options);
  const context: ServeContext = {
    store,
    writer,
    intercept: options.intercept,
    apiKey: options.apiKey,
    hostAllowed: hostChecker({ bindHost: host, allowedHosts: options.allowedHosts ?? [] }),
    originAllowed: originChecker({ bindHost: host, allowedOrigins: options.allowedOrigins ?? [] }),
  };

  const server = createServer((req, res) => {
    // serve() answers every error itself; this only guards the MCP host process against a stray rejection.
    serve(req, res, context).catch(() => res.destroy());
  });
  const port = await listen(server, options.port ?? 0, host);
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    store,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await writer?.idle();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

interface ServeContext {
  store: SandboxStore;
  writer: StateWriter | undefined;
  intercept: SandboxOptions["intercept"];
  apiKey: string | undefined;
  hostAllowed: (host: string | undefined) => boolean;
  originAllowed: (origin: string) => boolean;
}

async function serve(req: IncomingMessage, res: ServerResponse, context: ServeContext): Promise<void> {
  const method = req.method ?? "GET";
  const { pathname, query } = splitTarget(req.url ?? "/");
  let reply: Reply;
  const origin = req.headers.origin;
  if (!context.hostAllowed(req.headers.host) || (origin !== undefined && !context.originAllowed(origin))) {
    // Nothing of the request is acted on or intercepted; the body is read so the client gets the answer.
    req.resume();
    send(
      res,
      problemReply(
        403,
        "This Host or Origin is not allowed (see --allowed-hosts, --allowed-origins).",
        pathname,
      ),
    );
    return;
  }
  try {
    const rawBody = await readBody(req);
    const intercepted = await context.intercept?.({
      method,
      path: pathname,
      query,
      headers: req.headers,
      body: rawBody,
    });
    if (intercepted) {
      const { status, headers } = intercepted;
      reply = problemReply(status, defaultDetail(status), pathname, headers);
    } else {
      const request = { method, pathname, query, rawBody, authorization: req.headers.authorization };
      reply = await respond(request, context);
    }
  } catch (error) {
    reply = errorReply(error, pathname);
  }
  send(res, reply);
}

async function respond(
  request: {
    method: string;
    pathname: string;
    query: URLSearchParams;
    rawBody: string;
    authorization: string | undefined;
  },
  context: ServeContext,
): Promise<Reply> {
  const { method, pathname, query } = request;
  const authFailure = checkAuthorization(request.authorization, context.apiKey);
  if (authFailure) return problemReply(401, authFailure, pathname);

  const { handler, params } = route(method, pathname);
  const result = handler({ store: context.store, params, query, rawBody: request.rawBody });
  if (method !== "GET" && context.writer) {
    try {
      await context.writer.save();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return problemReply(
        500,
        `The change was applied but the sandbox could not save it: ${reason}`,
        pathname,
      );
    }
  }
  return { status: result.status, headers: {}, body: result.body };
}

/** A reason to reject the Authorization header, or undefined if it is acceptable. */
function checkAuthorization(header: string | undefined, apiKey: string | undefined): string | undefined {
  const token = header?.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
  if (token === "") return "You must be authenticated to access this resource.";
  if (apiKey !== undefined && token !== apiKey) return "The API key is not valid.";
  return undefined;
}

function errorReply(error: unknown, instance: string): Reply {
  if (error instanceof MethodNotAllowed) {
    return problemReply(405, error.detail, instance, { Allow: error.allowed.join(", ") });
  }
  if (error instanceof ApiProblem) return problemReply(error.status, error.detail, instance);
  if (error instanceof StoreError) {
    const status = { not_found: 404, conflict: 409, rule: 400 }[error.kind];
    return problemReply(status, error.message, instance);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return problemReply(500, `Unexpected sandbox error: ${reason}`, instance);
}

function problemReply(
  status: number,
  detail: string,
  instance: string,
  headers: Record<string, string> = {},
) {
  return {
    status,
    headers: { "Content-Type": "application/problem+json", ...headers },
    body: problemBody(status, detail, instance),
  };
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  if (reply.body === undefined) {
    res.writeHead(reply.status, reply.headers).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res
    .writeHead(reply.status, {
      "Content-Type": "application/json",
      ...reply.headers,
      "Content-Length": String(Buffer.byteLength(text)),
    })
    .end(text);
}

/** Reads the whole body; past the limit it keeps draining (so the reply still reaches the client) and then fails. */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) throw new ApiProblem(413, `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
  return Buffer.concat(chunks).toString("utf8");
}

/** The raw path and the query of a request target; unlike `new URL`, never throws and never reads "//x" as a host. */
function splitTarget(target: string): { pathname: string; query: URLSearchParams } {
  const queryStart = target.indexOf("?");
  if (queryStart === -1) return { pathname: target, query: new URLSearchParams() };
  return { pathname: target.slice(0, queryStart), query: new URLSearchParams(target.slice(queryStart + 1)) };
}
