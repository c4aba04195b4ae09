/**
 * Sandboxes for tests: with a request log, injected failures and latency (through the sandbox's intercept
 * hook), closed after each test if asked; and one HTTP call to one, read back.
 */

import { setTimeout as delay } from "node:timers/promises";
import { afterEach } from "vitest";
import {
  type InterceptedRequest,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from "../../src/sandbox/server.js";
import { type Fault, FaultQueue } from "./faults.js";

export interface TestSandboxOptions extends Omit<SandboxOptions, "intercept"> {
  /** Delay before every response, for slow-call tests. Default 0. */
  latencyMs?: number;
}

export interface RecordedSandboxRequest {
  method: string;
  /** The raw, still percent-encoded path. */
  path: string;
  /** Repeated parameters are joined with ",". */
  query: Record<string, string>;
  authorization: string | undefined;
  userAgent: string | undefined;
  /** Parsed JSON; the raw text if it is not JSON; undefined when empty. */
  body: unknown;
}

export interface TestSandbox extends Sandbox {
  /** Every request that passed the Host and Origin checks, in order, failed ones included. */
  requests: RecordedSandboxRequest[];
  /** The next `times` (default 1) matching requests get `status` as problem+json instead of being handled. */
  failNext(fault: Fault): void;
}

export async function startTestSandbox(options: TestSandboxOptions = {}): Promise<TestSandbox> {
  const { latencyMs = 0, ...sandboxOptions } = options;
  const requests: RecordedSandboxRequest[] = [];
  const faults = new FaultQueue();
  const sandbox = await startSandbox({
    ...sandboxOptions,
    intercept: async (request) => {
      requests.push(recorded(request));
      if (latencyMs > 0) await delay(latencyMs);
      return faults.take(request.method, request.path);
    },
  });
  return { ...sandbox, requests, failNext: (fault) => faults.add(fault) };
}

/** Starts test sandboxes that are closed after each test of the calling file. */
export function sandboxesForEachTest(): (options?: TestSandboxOptions) => Promise<TestSandbox> {
  const running: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
  });
  return async (options) => {
    const sandbox = await startTestSandbox(options);
    running.push(sandbox);
    return sandbox;
  };
}

function recorded(request: InterceptedRequest): RecordedSandboxRequest {
  const query: Record<string, string> = {};
  for (const key of new Set(request.query.keys())) query[key] = request.query.getAll(key).join(",");
  return {
    method: request.method,
    path: request.path,
    query,
    authorization: request.headers.authorization,
    userAgent: request.headers["user-agent"],
    body: parsedBody(request.body),
  };
}

function parsedBody(raw: string): unknown {
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export const TEST_AUTH = { Authorization: "Bearer test-key" };

export interface ApiResponse {
  status: number;
  contentType: string | null;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON fields
  json: any;
  /** For problem+json responses: [status, content type, the slug of `type`], to compare in one assertion. */
  problem: [number, string | null, string | undefined];
}

/** `body` is sent as JSON unless it is already a string (to send malformed JSON). */
export async function callApi(
  sandbox: Pick<Sandbox, "url">,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...(options.headers ?? TEST_AUTH) };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(`${sandbox.url}${path}`, { method, headers, body });
  const text = await response.text();
  const contentType = response.headers.get("content-type");
  const json = text !== "" && contentType?.includes("json") ? JSON.parse(text) : undefined;
  const slug = typeof json?.type === "string" ? json.type.split("#")[1] : undefined;
  return {
    status: response.status,
    contentType,
    headers: response.headers,
    text,
    json,
    problem: [response.status, contentType, slug],
  };
}

/** The path of one space, with its ID percent-encoded as every SDK sends it. */
export function spacePath(spaceId: string, ...rest: string[]): string {
  return ["/v2/spaces", spaceId, ...rest]
    .map((part, i) => (i === 0 ? part : encodeURIComponent(part)))
    .join("/");
}
