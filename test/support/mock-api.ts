import { MockAgent } from "undici";

/** What the client put on the wire, as a test sees it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

export interface MockReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (req: RecordedRequest) => MockReply | undefined;

export const ORIGIN = "https://api.arize.test";

/**
 * undici MockAgent with the network disabled and one catch-all intercept: every request is recorded and
 * answered by the first registered handler that returns a reply (404 problem+json when none does).
 */
export function mockApi() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const requests: RecordedRequest[] = [];
  const handlers: Handler[] = [];

  agent
    .get(ORIGIN)
    .intercept({ path: () => true, method: () => true })
    .reply((opts) => {
      const url = new URL(opts.path, ORIGIN);
      const headers = Object.fromEntries(
        Object.entries((opts.headers ?? {}) as Record<string, string>).map(([k, v]) => [
          k.toLowerCase(),
          String(v),
        ]),
      );
      const req: RecordedRequest = {
        method: opts.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body: typeof opts.body === "string" ? JSON.parse(opts.body) : undefined,
      };
      requests.push(req);
      const reply = handlers.reduce<MockReply | undefined>((found, h) => found ?? h(req), undefined) ??
        defaultReply(req) ?? {
          status: 404,
          body: { title: "Not Found", status: 404, detail: `no mock for ${req.method} ${req.path}` },
          headers: { "content-type": "application/problem+json" },
        };
      const status = reply.status ?? 200;
      return {
        statusCode: status,
        data:
          reply.body === undefined
            ? ""
            : typeof reply.body === "string"
              ? reply.body
              : JSON.stringify(reply.body),
        responseOptions: {
          headers: {
            "content-type": status >= 400 ? "application/problem+json" : "application/json",
            ...reply.headers,
          },
        },
      };
    })
    .persist();

  return {
    agent,
    requests,
    /** Answers `method path` (path exact, with percent-encoding as sent) with a reply or a function of the request. */
    on(method: string, path: string, reply: MockReply | ((req: RecordedRequest) => MockReply)) {
      handlers.push((req) =>
        req.method === method && req.path === path
          ? typeof reply === "function"
            ? reply(req)
            : reply
          : undefined,
      );
    },
    /** Answers the next `times` matching requests, then falls through to later handlers. */
    onTimes(method: string, path: string, times: number, reply: MockReply) {
      let left = times;
      handlers.unshift((req) => {
        if (req.method !== method || req.path !== path || left <= 0) return undefined;
        left--;
        return reply;
      });
    },
  };
}

export const DEFAULT_ORG = {
  id: Buffer.from("Organization:1").toString("base64"),
  name: "Acme ML",
  description: "",
  created_at: "2024-06-01T00:00:00Z",
};

/** The list endpoints of what a space holds, by path, with their response keys. */
const CONTENT_LISTS: Record<string, string> = {
  "/v2/projects": "projects",
  "/v2/datasets": "datasets",
  "/v2/experiments": "experiments",
  "/v2/prompts": "prompts",
  "/v2/evaluators": "evaluators",
  "/v2/annotation-queues": "annotation_queues",
  "/v2/tasks": "tasks",
};

/** Unless a test answers them itself: the key sees one organization, and every space holds nothing. */
function defaultReply(req: RecordedRequest): MockReply | undefined {
  if (req.method !== "GET") return undefined;
  if (req.path === "/v2/organizations") {
    return { body: { organizations: [DEFAULT_ORG], pagination: { has_more: false } } };
  }
  const key = CONTENT_LISTS[req.path];
  return key ? { body: { [key]: [], pagination: { has_more: false } } } : undefined;
}

export function problem(
  status: number,
  title: string,
  detail?: string,
  headers?: Record<string, string>,
): MockReply {
  return {
    status,
    body: { type: "https://arize.com/docs/ax/rest-reference/errors#x", title, status, detail },
    headers,
  };
}

// Wire fixtures (snake_case, as the API sends them).
export const wire = {
  space: (n: number, name = `space-${n}`, extra: Record<string, unknown> = {}) => ({
    id: Buffer.from(`Space:${n}`).toString("base64"),
    name,
    description: "",
    created_at: "2025-01-02T03:04:05Z",
    is_private: false,
    ...extra,
  }),
  org: (n: number, name = `org-${n}`) => ({
    id: Buffer.from(`Organization:${n}`).toString("base64"),
    name,
    description: "",
    created_at: "2024-06-01T00:00:00Z",
  }),
  user: (n: number, email: string, name = `User ${n}`) => ({
    id: Buffer.from(`User:${n}`).toString("base64"),
    name,
    email,
    created_at: "2024-06-01T00:00:00Z",
    status: "ACTIVE",
    role: { type: "PREDEFINED", name: "MEMBER" },
    is_developer: true,
  }),
  page: (key: string, items: unknown[], nextCursor?: string) => ({
    [key]: items,
    pagination: nextCursor ? { has_more: true, next_cursor: nextCursor } : { has_more: false },
  }),
};

export const id = (type: string, n: number) => Buffer.from(`${type}:${n}`).toString("base64");
