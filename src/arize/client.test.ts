import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { MockAgent, Pool } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { id, mockApi, ORIGIN, problem, wire } from "../../test/support/mock-api.js";
import {
  ArizeApiError,
  InputError,
  MissingApiKeyError,
  NetworkError,
  NotArizeApiError,
  UnexpectedResponseError,
} from "../errors.js";
import { ArizeClient, parseRetryAfter } from "./client.js";
import { apiPath } from "./path.js";

const KEY = "ak-live-SECRET-key-value";

function setup(o: { timeoutMs?: number; apiKey?: string } = {}) {
  const api = mockApi();
  const logs: string[] = [];
  const sleeps: number[] = [];
  const client = new ArizeClient({
    baseUrl: ORIGIN,
    apiKey: "apiKey" in o ? o.apiKey : KEY,
    timeoutMs: o.timeoutMs ?? 1000,
    userAgent: "arize-ax-spaces-mcp/9.9.9",
    dispatcher: api.agent,
    log: (level, message) => logs.push(`${level}: ${message}`),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
  return { api, client, logs, sleeps };
}

const SPACE = wire.space(1, "fraud-models", { description: "Fraud", is_private: true });
const SPACE_ID = SPACE.id;
const SPACE_REF = { id: SPACE_ID, name: SPACE.name, organization: { id: "o", name: "Org" } };
const REF = { id: SPACE_ID, name: "fraud-models", organization: { id: "T3Jn", name: "Acme ML" } };

let current: ReturnType<typeof setup> | undefined;
afterEach(async () => {
  await current?.api.agent.close();
  current = undefined;
});
function fresh(o?: Parameters<typeof setup>[0]) {
  current = setup(o);
  return current;
}

/** A client whose every request fails with the connection error `code`; `sleep` sees each retry's pause. */
function failingWith(code: string, sleep: () => Promise<void> = async () => {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agent
    .get(ORIGIN)
    .intercept({ path: () => true, method: () => true })
    .replyWithError(Object.assign(new Error(code), { code }))
    .persist();
  const client = new ArizeClient({
    baseUrl: ORIGIN,
    apiKey: KEY,
    timeoutMs: 1000,
    userAgent: "t",
    dispatcher: agent,
    sleep,
  });
  return { agent, client: client.forCall({}) };
}

describe("requests on the wire", () => {
  it("lists spaces with org_id, name, limit, cursor, bearer auth and our User-Agent", async () => {
    const { api, client } = fresh();
    api.on("GET", "/v2/spaces", { body: wire.page("spaces", [SPACE], "c2") });
    const page = await client.listSpaces({ organizationId: "T3Jn", name: "fraud", limit: 10, cursor: "c1" });
    const req = api.requests[0];
    expect(req?.method).toBe("GET");
    expect(req?.query).toEqual({ org_id: "T3Jn", name: "fraud", limit: "10", cursor: "c1" });
    expect(req?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req?.headers["user-agent"]).toBe("arize-ax-spaces-mcp/9.9.9");
    expect(req?.headers["content-type"]).toBeUndefined();
    expect(page).toEqual({
      items: [
        {
          id: SPACE_ID,
          name: "fraud-models",
          description: "Fraud",
          isPrivate: true,
          createdAt: "2025-01-02T03:04:05Z",
        },
      ],
      pagination: { hasMore: true, nextCursor: "c2" },
    });
  });

  it("omits absent query parameters", async () => {
    const { api, client } = fresh();
    api.on("GET", "/v2/spaces", { body: wire.page("spaces", []) });
    await client.listSpaces({});
    expect(api.requests[0]?.query).toEqual({});
  });

  it("gets a space by encoded ID", async () => {
    const { api, client } = fresh();
    api.on("GET", `/v2/spaces/${encodeURIComponent(SPACE_ID)}`, { body: SPACE });
    expect((await client.getSpace(SPACE_ID)).name).toBe("fraud-models");
    expect(api.requests[0]?.path).toBe("/v2/spaces/U3BhY2U6MQ%3D%3D");
  });

  it("creates a space with a snake_case JSON body and drops absent fields", async () => {
    const { api, client } = fresh();
    api.on("POST", "/v2/spaces", { status: 201, body: SPACE });
    await client.createSpace({
      name: "fraud-models",
      organization: { id: "T3Jn", name: "Acme ML" },
      isPrivate: true,
    });
    expect(api.requests[0]?.body).toEqual({
      name: "fraud-models",
      organization_id: "T3Jn",
      is_private: true,
    });
    expect(api.requests[0]?.headers["content-type"]).toBe("application/json");
  });

  it("patches a space, sending null to clear the description", async () => {
    const { api, client } = fresh();
    const path = `/v2/spaces/${encodeURIComponent(SPACE_ID)}`;
    api.on("PATCH", path, { body: { ...SPACE, description: "" } });
    const s = await client.updateSpace(REF, { description: null });
    expect(api.requests[0]?.body).toEqual({ description: null });
    expect(s.description).toBe("");
  });

  it("deletes a space (204, no body)", async () => {
    const { api, client } = fresh();
    api.on("DELETE", `/v2/spaces/${encodeURIComponent(SPACE_ID)}`, { status: 204 });
    await expect(client.deleteSpace(REF)).resolves.toBeUndefined();
    expect(api.requests.map((r) => r.method)).toEqual(["DELETE"]);
  });

  it("adds a space user with the uppercase role form and maps the membership", async () => {
    const { api, client } = fresh();
    const userId = id("User", 7);
    api.on("POST", `/v2/spaces/${encodeURIComponent(SPACE_ID)}/users`, {
      body: {
        id: "TTox",
        user_id: userId,
        space_id: SPACE_ID,
        role: { type: "PREDEFINED", name: "READ_ONLY" },
      },
    });
    const m = await client.addSpaceUser(
      REF,
      { id: userId, name: "Bob", email: "bob@acme.io" },
      { type: "PREDEFINED", name: "READ_ONLY" },
    );
    expect(api.requests[0]?.body).toEqual({
      user_id: userId,
      role: { type: "PREDEFINED", name: "READ_ONLY" },
    });
    expect(m).toEqual({
      id: "TTox",
      spaceId: SPACE_ID,
      userId,
      role: { type: "PREDEFINED", name: "READ_ONLY" },
    });
  });

  it("removes a space user; a 404 means the user was not a member", async () => {
    const { api, client } = fresh();
    const userId = id("User", 7);
    const path = `/v2/spaces/${encodeURIComponent(SPACE_ID)}/users/${encodeURIComponent(userId)}`;
    api.onTimes("DELETE", path, 1, { status: 204 });
    api.on("DELETE", path, problem(404, "Not Found", "user is not a member"));
    expect(await client.removeSpaceUser(REF, userId)).toBe(true);
    expect(await client.removeSpaceUser(REF, userId)).toBe(false);
  });

  it("lists organizations and users with their filters", async () => {
    const { api, client } = fresh();
    api.on("GET", "/v2/organizations", { body: wire.page("organizations", [wire.org(1, "Acme")]) });
    api.on("GET", "/v2/users", { body: wire.page("users", [wire.user(1, "bob@acme.io", "Bob")]) });
    const orgs = await client.listOrganizations({ name: "Ac", limit: 5 });
    const users = await client.listUsers({ email: "BOB@", limit: 100, cursor: "x" });
    expect(api.requests.map((r) => [r.path, r.query])).toEqual([
      ["/v2/organizations", { name: "Ac", limit: "5" }],
      ["/v2/users", { email: "BOB@", limit: "100", cursor: "x" }],
    ]);
    expect(orgs.items[0]).toEqual({
      id: id("Organization", 1),
      name: "Acme",
      description: "",
      createdAt: "2024-06-01T00:00:00Z",
    });
    expect(users.items[0]).toEqual({
      id: id("User", 1),
      name: "Bob",
      email: "bob@acme.io",
      status: "ACTIVE",
      role: "MEMBER",
    });
  });

  it("gets an organization and a user by ID", async () => {
    const { api, client } = fresh();
    const org = wire.org(3, "Globex");
    const user = { ...wire.user(4, "a@b.c"), role: { type: "CUSTOM", id: "Um9sZTox", name: "Auditor" } };
    api.on("GET", `/v2/organizations/${encodeURIComponent(org.id)}`, { body: org });
    api.on("GET", `/v2/users/${encodeURIComponent(user.id)}`, { body: user });
    expect((await client.getOrganization(org.id)).name).toBe("Globex");
    expect((await client.getUser(user.id)).role).toBe("CUSTOM:Auditor");
  });
});

describe("path encoding", () => {
  it.each([
    ["a=b", "a%3Db"],
    ["a/b", "a%2Fb"],
    ["a+b", "a%2Bb"],
    ["../x", "..%2Fx"],
  ])("encodes %s as one segment", async (raw, encoded) => {
    const { api, client } = fresh();
    api.on("GET", `/v2/spaces/${encoded}`, { body: SPACE });
    await client.getSpace(raw);
    expect(api.requests[0]?.path).toBe(`/v2/spaces/${encoded}`);
  });

  it.each([".", "..", ""])("refuses %j before sending anything", async (bad) => {
    const { api, client } = fresh();
    await expect(client.getSpace(bad)).rejects.toBeInstanceOf(InputError);
    await expect(client.removeSpaceUser({ ...REF, id: "U3BhY2U6MQ==" }, bad)).rejects.toBeInstanceOf(
      InputError,
    );
    expect(api.requests).toHaveLength(0);
  });
});

describe("errors", () => {
  it.each([
    [400, "invalid"],
    [401, "unauthenticated"],
    [403, "forbidden"],
    [404, "not_found"],
    [409, "conflict"],
    [422, "invalid"],
    [500, "server"],
  ])("maps HTTP %i to kind %s with title and detail", async (status, kind) => {
    const { api, client } = fresh();
    api.on("POST", "/v2/spaces", problem(status, "Some title", "Some detail"));
    const err = await client
      .createSpace({ name: "x", organization: { id: "o", name: "o" } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArizeApiError);
    expect(err).toMatchObject({ status, kind, title: "Some title", detail: "Some detail", method: "POST" });
  });

  it("uses the HTTP status, not the body's", async () => {
    const { api, client } = fresh();
    api.on("GET", "/v2/spaces", { status: 403, body: { title: "Forbidden", status: 200 } });
    await expect(client.listSpaces({})).rejects.toMatchObject({ status: 403, kind: "forbidden" });
  });

  it("keeps the status of a non-JSON error body and logs the body cut short", async () => {
    const { api, client, logs } = fresh();
    api.on("GET", "/v2/spaces", {
      status: 418,
      body: `<html>${"x".repeat(2000)}</html>`,
      headers: { "content-type": "text/html" },
    });
    await expect(client.listSpaces({})).rejects.toMatchObject({
      status: 418,
      kind: "other",
      title: undefined,
    });
    expect(logs.join("\n")).toContain("2013 chars");
    expect(logs.join("\n").length).toBeLessThan(800);
  });

  it("reports a 2xx body of the wrong shape as an unexpected response, naming the field", async () => {
    const { api, client } = fresh();
    api.on("GET", "/v2/spaces", {
      body: { spaces: [{ id: 1, name: "x" }], pagination: { has_more: false } },
    });
    const err = await client.listSpaces({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnexpectedResponseError);
    expect((err as Error).message).toContain("spaces.0.id");
  });

  it("accepts unknown extra fields", async () => {
    const { api, client } = fresh();
    api.on("GET", "/v2/spaces", {
      body: { ...wire.page("spaces", [{ ...SPACE, owner: "z", tags: [] }]), extra: 1 },
    });
    expect((await client.listSpaces({})).items[0]?.name).toBe("fraud-models");
  });

  it("reports a read's body that is not JSON as not the Arize API, a write's as an unexpected response", async () => {
    const { api, client } = fresh();
    api.on("GET", "/v2/spaces", { body: "<html>hi</html>", headers: { "content-type": "text/html" } });
    await expect(client.listSpaces({})).rejects.toBeInstanceOf(NotArizeApiError);
    api.on("POST", "/v2/spaces", { body: "<html>hi</html>", headers: { "content-type": "text/html" } });
    const err = await client
      .createSpace({ name: "x", organization: { id: "o", name: "Org" } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnexpectedResponseError);
    expect((err as Error).message).toContain("not JSON");
  });

  it("does not follow redirects (the key would go elsewhere)", async () => {
    const { api, client } = fresh();
    api.on("GET", "/v2/spaces", { status: 302, headers: { location: "https://evil.example/v2/spaces" } });
    await expect(client.listSpaces({})).rejects.toThrow(/redirect/);
    expect(api.requests).toHaveLength(1);
  });

  it("refuses to send without a key", async () => {
    const { api, client } = fresh({ apiKey: undefined });
    await expect(client.listSpaces({})).rejects.toBeInstanceOf(MissingApiKeyError);
    expect(api.requests).toHaveLength(0);
  });

  it("never puts the key in an error or a log line, even when the API echoes it", async () => {
    const { api, client, logs } = fresh();
    api.on("GET", "/v2/spaces", problem(401, "Unauthorized", `bad key ${KEY}`));
    const err = (await client.listSpaces({}).catch((e: unknown) => e)) as ArizeApiError;
    expect(logs.join("\n")).not.toContain(KEY);
    expect(logs.join("\n")).toContain("[redacted]");
    expect(err.message).not.toContain(KEY);
  });
});

describe("timeouts and retries", () => {
  it("times out a request still waiting for a connection, without waiting for one", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // An API that holds every request until released; the pool has one connection.
    const api = createServer((_req, res) => {
      held.then(() => res.end(JSON.stringify(wire.page("organizations", []))));
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const pool = new Pool(origin, { connections: 1 });
    const client = (timeoutMs: number) =>
      new ArizeClient({ baseUrl: origin, apiKey: KEY, timeoutMs, userAgent: "t", dispatcher: pool });
    const ended: string[] = [];
    const first = client(10_000)
      .listOrganizations({})
      .then(() => ended.push("first answered"));
    const queued = client(50)
      .listOrganizations({})
      .catch((err: unknown) => {
        ended.push(`queued: ${(err as NetworkError).code}`);
      });
    await queued;
    release();
    await first;
    expect(ended).toEqual(["queued: TIMEOUT", "first answered"]);
    await pool.close();
    api.close();
  });

  it("ends a slow request with a timeout error", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get(ORIGIN)
      .intercept({ path: "/v2/organizations", method: "GET" })
      .reply(200, wire.page("organizations", []))
      .delay(500);
    const client = new ArizeClient({
      baseUrl: ORIGIN,
      apiKey: KEY,
      timeoutMs: 50,
      userAgent: "t",
      dispatcher: agent,
    });
    const err = await client.listOrganizations({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: "TIMEOUT", message: "no answer within 50 ms" });
    await agent.close();
  });

  it("retries a GET after 429, honouring Retry-After", async () => {
    const { api, client, sleeps, logs } = fresh();
    api.onTimes("GET", "/v2/spaces", 1, problem(429, "Too Many Requests", undefined, { "retry-after": "3" }));
    api.on("GET", "/v2/spaces", { body: wire.page("spaces", [SPACE]) });
    expect((await client.listSpaces({})).items).toHaveLength(1);
    expect(api.requests).toHaveLength(2);
    expect(sleeps).toEqual([3000]);
    expect(logs.some((l) => l.includes("HTTP 429") && l.includes("retry 1 of 2"))).toBe(true);
  });

  it("retries a POST after 429 with a short Retry-After, at most twice", async () => {
    const { api, client, sleeps } = fresh();
    api.on("POST", "/v2/spaces", problem(429, "Too Many Requests", undefined, { "retry-after": "1" }));
    await expect(
      client.createSpace({ name: "x", organization: { id: "o", name: "o" } }),
    ).rejects.toMatchObject({
      status: 429,
      retryAfterSeconds: 1,
    });
    expect(api.requests).toHaveLength(3);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it("does not retry a 429 whose Retry-After is over 10 s", async () => {
    const { api, client } = fresh();
    api.on("GET", "/v2/spaces", problem(429, "Too Many Requests", undefined, { "retry-after": "60" }));
    await expect(client.listSpaces({})).rejects.toMatchObject({ status: 429, retryAfterSeconds: 60 });
    expect(api.requests).toHaveLength(1);
  });

  it("does not retry a POST after 429 without Retry-After", async () => {
    const { api, client } = fresh();
    api.on("POST", "/v2/spaces", problem(429, "Too Many Requests"));
    await expect(
      client.createSpace({ name: "x", organization: { id: "o", name: "o" } }),
    ).rejects.toMatchObject({
      status: 429,
    });
    expect(api.requests).toHaveLength(1);
  });

  it("retries a GET on 503 with jittered backoff", async () => {
    const { api, client, sleeps } = fresh();
    api.onTimes("GET", "/v2/spaces", 2, problem(503, "Service Unavailable"));
    api.on("GET", "/v2/spaces", { body: wire.page("spaces", []) });
    await client.listSpaces({});
    expect(api.requests).toHaveLength(3);
    expect(sleeps).toEqual([125, 250]);
  });

  it("gives up on a GET after two retries", async () => {
    const { api, client } = fresh();
    api.on("GET", "/v2/spaces", problem(502, "Bad Gateway"));
    await expect(client.listSpaces({})).rejects.toMatchObject({ status: 502 });
    expect(api.requests).toHaveLength(3);
  });

  it.each(["POST", "PATCH", "DELETE"])(
    "sends a %s once on 500/503 (a write must not happen twice)",
    async (method) => {
      const { api, client } = fresh();
      const path = method === "POST" ? "/v2/spaces" : `/v2/spaces/${encodeURIComponent(SPACE_ID)}`;
      api.on(method, path, problem(503, "Service Unavailable"));
      const call =
        method === "POST"
          ? client.createSpace({ name: "x", organization: { id: "o", name: "o" } })
          : method === "PATCH"
            ? client.updateSpace(REF, { name: "y" })
            : client.deleteSpace(REF);
      await expect(call).rejects.toMatchObject({ status: 503 });
      expect(api.requests).toHaveLength(1);
    },
  );

  it("retries a GET on a connection error but never a POST", async () => {
    let calls = 0;
    const { agent, client } = failingWith("ECONNREFUSED", async () => {
      calls++;
    });
    await expect(client.listSpaces({})).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(calls).toBe(2);
    calls = 0;
    await expect(
      client.createSpace({ name: "x", organization: { id: "o", name: "o" } }),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(calls).toBe(0);
    await agent.close();
  });
});

describe("whether a failed call's change may have reached Arize", () => {
  it("a write refused before it connected was never sent", async () => {
    const { agent, client } = failingWith("ECONNREFUSED");
    await expect(client.getOrganization("o")).rejects.toMatchObject({ writeSent: false });
    await expect(
      client.createSpace({ name: "x", organization: { id: "o", name: "Org" } }),
    ).rejects.toMatchObject({
      code: "ECONNREFUSED",
      writeSent: false,
    });
    await agent.close();
  });

  it("a write cut off after it connected may have been made, and so may anything after it in the call", async () => {
    const { agent, client } = failingWith("ECONNRESET");
    await expect(client.deleteSpace(SPACE_REF)).rejects.toMatchObject({ writeSent: true });
    await expect(client.getSpace(SPACE_ID)).rejects.toMatchObject({ writeSent: true });
    await agent.close();
  });

  it("a write that got an answer was sent; a new call starts afresh", async () => {
    const { api, client } = fresh();
    api.on("PATCH", apiPath`/v2/spaces/${SPACE_ID}`, problem(503, "Service Unavailable"));
    const call = client.forCall({});
    await expect(call.updateSpace(SPACE_REF, { name: "y" })).rejects.toMatchObject({ writeSent: true });
    await expect(call.getSpace("nope")).rejects.toMatchObject({ status: 404, writeSent: true });
    await expect(call.forCall({}).getSpace("nope")).rejects.toMatchObject({ status: 404, writeSent: false });
  });
});

describe("a base URL that is not the Arize API", () => {
  it("answers a 404 web page with NotArizeApiError, not a not-found", async () => {
    const { api, client } = fresh();
    api.on("GET", "/v2/spaces", {
      status: 404,
      body: "<html><body>Not Found</body></html>",
      headers: { "content-type": "text/html" },
    });
    const err = await client.listSpaces({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotArizeApiError);
    expect(err).toMatchObject({ origin: ORIGIN, method: "GET", path: "/v2/spaces", status: 404 });
  });

  it("keeps a problem+json 404 an API error, and a removal of a non-member false", async () => {
    const { api, client } = fresh();
    api.on("DELETE", apiPath`/v2/spaces/${SPACE_ID}/users/u1`, problem(404, "Not Found", "not a member"));
    expect(await client.removeSpaceUser(SPACE_REF, "u1")).toBe(false);
    await expect(client.getSpace("nope")).rejects.toBeInstanceOf(ArizeApiError);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("7")).toBe(7);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5);
  });
});
