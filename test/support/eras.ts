import { Client, type ClientCapabilities, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { Client as LegacyClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as LegacyStdioTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport as LegacyHttpTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { CLI, requireBuild } from "./child.js";

/**
 * The two kinds of client the server must serve: a 2026-07-28 client (the v2 SDK, pinned to that revision)
 * and a 2025 client (the v1 SDK, which knows nothing newer), behind one small interface.
 */

export type Era = "2026-07-28" | "2025-11-25";
export const ERAS: Era[] = ["2026-07-28", "2025-11-25"];

export interface CallResult {
  text: string;
  structured: Record<string, unknown> | undefined;
  isError: boolean;
}

export type ConfirmAnswer = { action: "accept"; confirm: boolean } | { action: "decline" | "cancel" };

export interface EraClient {
  era: Era;
  /** The era the connection landed on, as the client reports it. */
  negotiated: string | undefined;
  /** Who the server said it is (initialize, or server/discover). */
  serverInfo: Record<string, unknown> | undefined;
  call(
    name: string,
    args?: Record<string, unknown>,
    options?: { signal?: AbortSignal; onprogress?: (p: { progress: number; message?: string }) => void },
  ): Promise<CallResult>;
  listTools(): Promise<string[]>;
  /** The confirmation questions the user was shown, in order. */
  asked: string[];
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** When set, the client declares form elicitation and answers every confirmation like this. */
  confirm?: ConfirmAnswer | ((message: string) => Promise<ConfirmAnswer>);
  headers?: Record<string, string>;
  /** HTTP only: the fetch the client uses (e.g. one that alternates between replicas). */
  fetch?: typeof fetch;
}

function textOf(result: unknown): string {
  return (result as { content?: Array<{ text?: string }> }).content?.[0]?.text ?? "";
}

function toCallResult(r: Record<string, unknown>): CallResult {
  return {
    text: textOf(r),
    structured: r.structuredContent as Record<string, unknown> | undefined,
    isError: r.isError === true,
  };
}

function answerOf(confirm: ConfirmAnswer) {
  return confirm.action === "accept"
    ? { action: "accept" as const, content: { confirm: confirm.confirm } }
    : { action: confirm.action };
}

const CLIENT_INFO = { name: "era-test", version: "1.0.0" };

type Target = { url: URL } | { args: string[]; env?: Record<string, string> };

function stdioParams(target: { args: string[]; env?: Record<string, string> }) {
  requireBuild();
  return {
    command: process.execPath,
    args: [CLI, ...target.args],
    env: { PATH: process.env.PATH ?? "", ...target.env },
    stderr: "ignore" as const,
  };
}

/** Connects a client of `era` to an HTTP URL or to a spawned dist/cli.js (stdio). */
export async function connectEra(era: Era, target: Target, o: ConnectOptions = {}): Promise<EraClient> {
  const asked: string[] = [];
  const { confirm } = o;
  const capabilities: ClientCapabilities = confirm ? { elicitation: { form: {} } } : {};
  /** A confirmation question, recorded, and the answer the test chose for it. */
  const answer = async (message: string) => {
    asked.push(message);
    return answerOf(typeof confirm === "function" ? await confirm(message) : (confirm as ConfirmAnswer));
  };
  const http = { requestInit: { headers: o.headers ?? {} }, fetch: o.fetch };
  if (era === "2026-07-28") {
    const client = new Client(CLIENT_INFO, {
      capabilities,
      versionNegotiation: { mode: { pin: "2026-07-28" } },
    });
    if (confirm) client.setRequestHandler("elicitation/create", (request) => answer(request.params.message));
    const transport =
      "url" in target
        ? new StreamableHTTPClientTransport(target.url, http)
        : new StdioClientTransport(stdioParams(target));
    await client.connect(transport);
    return {
      era,
      negotiated: client.getProtocolEra(),
      serverInfo: client.getServerVersion() as Record<string, unknown> | undefined,
      asked,
      call: async (name, args = {}, options = {}) =>
        toCallResult(
          (await client.callTool(
            { name, arguments: args },
            { signal: options.signal, onprogress: options.onprogress },
          )) as Record<string, unknown>,
        ),
      listTools: async () => (await client.listTools()).tools.map((t) => t.name),
      close: () => client.close(),
    };
  }
  const client = new LegacyClient(CLIENT_INFO, { capabilities });
  if (confirm) client.setRequestHandler(ElicitRequestSchema, (request) => answer(request.params.message));
  const transport =
    "url" in target
      ? new LegacyHttpTransport(target.url, { ...http, fetch: o.fetch as never })
      : new LegacyStdioTransport(stdioParams(target));
  await client.connect(transport);
  return {
    era,
    negotiated: client.getServerVersion() ? "legacy" : undefined,
    serverInfo: client.getServerVersion() as Record<string, unknown> | undefined,
    asked,
    call: async (name, args = {}, options = {}) =>
      toCallResult(
        (await client.callTool({ name, arguments: args }, undefined, {
          signal: options.signal,
          onprogress: options.onprogress,
        })) as Record<string, unknown>,
      ),
    listTools: async () => (await client.listTools()).tools.map((t) => t.name),
    close: () => client.close(),
  };
}

/** The per-request envelope a 2026-07-28 request carries, for raw requests. */
export function envelope(version = "2026-07-28", capabilities: ClientCapabilities = {}) {
  return {
    "io.modelcontextprotocol/protocolVersion": version,
    "io.modelcontextprotocol/clientInfo": CLIENT_INFO,
    "io.modelcontextprotocol/clientCapabilities": capabilities,
  };
}

/** The headers a 2026-07-28 request POST must carry beside its body. */
export function modernHeaders(method: string, name?: string, version = "2026-07-28"): Record<string, string> {
  return {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": version,
    "mcp-method": method,
    ...(name ? { "mcp-name": name } : {}),
  };
}

/** The JSON-RPC messages of a response body, whether it came as JSON or as an SSE stream. */
export function rpcMessages(text: string): Array<Record<string, unknown>> {
  if (text.trimStart().startsWith("{")) return [JSON.parse(text)];
  return text
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => JSON.parse(line.slice(6)));
}
