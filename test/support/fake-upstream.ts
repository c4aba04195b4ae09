import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as a fake upstream saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

export interface FakeReply {
  status?: number;
  /** Sent as is when a string (so a test can plant exact JSON escapes), else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A stand-in for the Arize API on 127.0.0.1 that a spawned dist/cli.js can reach: every request is recorded
 * and answered by `reply` (404 problem+json when it returns nothing). It may misbehave as a test wishes.
 */
export async function fakeUpstream(
  reply: (req: SeenRequest) => FakeReply | undefined | Promise<FakeReply | undefined>,
) {
  const seen: SeenRequest[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const request = {
      method: req.method ?? "",
      path: req.url ?? "",
      authorization: req.headers.authorization,
      body,
    };
    seen.push(request);
    const answer = (await reply(request)) ??
      arizeDefault(request) ?? {
        status: 404,
        body: { status: 404, title: "Not Found" },
        headers: { "content-type": "application/problem+json" },
      };
    const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? {});
    res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
    res.end(answer.status === 204 ? undefined : text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export const FAKE_ORG = {
  id: "T3JnYW5pemF0aW9uOjE=",
  name: "Acme ML",
  description: "",
  created_at: "2024-06-01T00:00:00Z",
};

/** What a test does not answer itself: one organization, and nothing in any space. */
function arizeDefault(req: SeenRequest): FakeReply | undefined {
  if (req.method !== "GET") return undefined;
  const [path = ""] = req.path.split("?");
  if (path === "/v2/organizations") return { body: wireOf.page("organizations", [FAKE_ORG]) };
  if (path === `/v2/organizations/${encodeURIComponent(FAKE_ORG.id)}`) return { body: FAKE_ORG };
  const contents = /^\/v2\/(projects|datasets|experiments|prompts|evaluators|annotation-queues|tasks)$/.exec(
    path,
  );
  if (contents?.[1]) return { body: wireOf.page(contents[1].replace("-", "_"), []) };
  return undefined;
}

/** Wire forms of the records a fake upstream answers with. */
export const wireOf = {
  space: (id: string, name: string, extra: Record<string, unknown> = {}) => ({
    id,
    name,
    description: "",
    created_at: "2025-01-02T03:04:05Z",
    is_private: false,
    ...extra,
  }),
  user: (id: string, email: string, name = "Some One") => ({
    id,
    name,
    email,
    status: "ACTIVE",
    role: { type: "PREDEFINED", name: "MEMBER" },
  }),
  page: (key: string, items: unknown[]) => ({ [key]: items, pagination: { has_more: false } }),
};
