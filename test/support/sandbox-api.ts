/** Used only by the sandbox's own tests: sandboxes closed after each test, and one HTTP call to one, read back. */

import { afterEach } from "vitest";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox/server.js";

/** Starts sandboxes that are closed after each test of the calling file. */
export function sandboxesForEachTest(): (options?: SandboxOptions) => Promise<Sandbox> {
  const running: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
  });
  return async (options) => {
    const sandbox = await startSandbox(options);
    running.push(sandbox);
    return sandbox;
  };
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
