import { describe, expect, it } from "vitest";
import { callApi, sandboxesForEachTest, spacePath } from "../../test/support/sandbox-api.js";
import { SEED } from "./seed.js";
import { type InterceptedRequest, startSandbox } from "./server.js";

const PROBLEM = "application/problem+json";

const start = sandboxesForEachTest();

describe("startSandbox", () => {
  it("listens on 127.0.0.1 on a free port and reports its origin", async () => {
    const sandbox = await start();
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect(sandbox.port).toBeGreaterThan(0);
  });

  it("mints the same seed IDs on every start", async () => {
    const a = await start();
    const b = await start();
    expect(a.store.listSpaces()).toEqual(b.store.listSpaces());
    expect(SEED.spaces.fraudModels.id).toBe("U3BhY2U6MQ==");
    expect(SEED.organizations.acmeMl.id).toBe(Buffer.from("Organization:1").toString("base64"));
  });

  it("seeds 'empty' with the organizations, users and roles but no spaces", async () => {
    const sandbox = await start({ seed: "empty" });
    const res = await callApi(sandbox, "GET", "/v2/spaces");
    expect(res.json).toEqual({ spaces: [], pagination: { has_more: false } });
    expect(sandbox.store.listOrganizations()).toHaveLength(3);
    expect(sandbox.store.listUsers()).toHaveLength(8);
    const created = sandbox.store.createSpace({
      name: "first",
      organizationId: SEED.organizations.acmeMl.id,
    });
    expect(created.id).toBe(SEED.spaces.fraudModels.id);
  });

  it("stops accepting connections after close()", async () => {
    const sandbox = await startSandbox();
    await callApi(sandbox, "GET", "/v2/spaces");
    await sandbox.close();
    await expect(callApi(sandbox, "GET", "/v2/spaces")).rejects.toThrow();
  });

  it("rejects when the port is taken", async () => {
    const sandbox = await start();
    await expect(startSandbox({ port: sandbox.port })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe("authentication", () => {
  it.each([
    ["no Authorization header", {}],
    ["a Basic scheme", { Authorization: "Basic dXNlcjpwYXNz" }],
    ["an empty Bearer token", { Authorization: "Bearer " }],
    ["a bare token", { Authorization: "ak-123" }],
  ])("answers 401 for %s", async (_label, headers) => {
    const sandbox = await start();
    const res = await callApi(sandbox, "GET", "/v2/spaces", { headers });
    expect(res.problem).toEqual([401, PROBLEM, "authentication-required"]);
    expect(res.json).toEqual({
      type: "https://arize.com/docs/ax/rest-reference/errors#authentication-required",
      title: "Authentication required",
      status: 401,
      detail: "You must be authenticated to access this resource.",
      instance: "/v2/spaces",
    });
  });

  it("accepts any non-empty Bearer token when no apiKey is configured", async () => {
    const sandbox = await start();
    const res = await callApi(sandbox, "GET", "/v2/spaces", {
      headers: { Authorization: "Bearer whatever" },
    });
    expect(res.status).toBe(200);
  });

  it("accepts only the configured apiKey", async () => {
    const sandbox = await start({ apiKey: "ak-right" });
    const wrong = await callApi(sandbox, "GET", "/v2/spaces", {
      headers: { Authorization: "Bearer ak-wrong" },
    });
    expect(wrong.problem).toEqual([401, PROBLEM, "authentication-required"]);
    const right = await callApi(sandbox, "GET", "/v2/spaces", {
      headers: { Authorization: "Bearer ak-right" },
    });
    expect(right.status).toBe(200);
  });

  it("checks authentication before anything else, so a bad write changes nothing", async () => {
    const sandbox = await start({ apiKey: "ak-right" });
    const res = await callApi(sandbox, "DELETE", spacePath(SEED.spaces.pricing.id), {
      headers: { Authorization: "Bearer nope" },
    });
    expect(res.status).toBe(401);
    expect(sandbox.store.getSpace(SEED.spaces.pricing.id)).toBeDefined();
  });
});

describe("routing", () => {
  it("answers 404 problem+json for an unknown path", async () => {
    const sandbox = await start();
    for (const path of ["/v2/models", "/v1/spaces", "/", "/v2/spaces/x/users/y/z"]) {
      const res = await callApi(sandbox, "GET", path);
      expect(res.problem).toEqual([404, PROBLEM, "resource-not-found"]);
    }
  });

  it("treats a path starting with // as a path, not a host", async () => {
    const sandbox = await start();
    const res = await callApi(sandbox, "GET", "//v2/spaces");
    expect(res.problem).toEqual([404, PROBLEM, "resource-not-found"]);
    expect(res.json.instance).toBe("//v2/spaces");
    expect((await callApi(sandbox, "GET", "/v2/spaces")).status).toBe(200);
  });

  it("answers 413 for a body over 1 MiB", async () => {
    const sandbox = await start();
    const res = await callApi(sandbox, "POST", "/v2/spaces", { body: { name: "x".repeat(1_100_000) } });
    expect(res.problem).toEqual([413, PROBLEM, "payload-too-large"]);
  });

  it("answers 405 problem+json with Allow for a wrong method on a known path", async () => {
    const sandbox = await start();
    const res = await callApi(sandbox, "PUT", spacePath(SEED.spaces.pricing.id), { body: { name: "x" } });
    expect(res.problem).toEqual([405, PROBLEM, "method-not-allowed"]);
    expect(res.headers.get("allow")).toBe("GET, PATCH, DELETE");
    const onList = await callApi(sandbox, "DELETE", "/v2/organizations");
    expect(onList.status).toBe(405);
  });
});

describe("intercept", () => {
  it("sees each request before it is handled, and a reply it returns is sent instead", async () => {
    const seen: InterceptedRequest[] = [];
    const sandbox = await startSandbox({
      intercept: (request) => {
        seen.push(request);
        return request.method === "POST" ? { status: 503, headers: { "Retry-After": "3" } } : undefined;
      },
    });
    try {
      const body = { name: "intercepted", organization_id: SEED.organizations.globex.id };
      const failed = await callApi(sandbox, "POST", "/v2/spaces?x=1", { body });
      expect(failed.problem).toEqual([503, PROBLEM, "service-unavailable"]);
      expect(failed.headers.get("retry-after")).toBe("3");
      expect(sandbox.store.listSpaces({ name: "intercepted" })).toEqual([]);
      expect((await callApi(sandbox, "GET", "/v2/spaces")).status).toBe(200);
      expect(seen.map((r) => [r.method, r.path, r.query.get("x"), r.headers.authorization, r.body])).toEqual([
        ["POST", "/v2/spaces", "1", "Bearer test-key", JSON.stringify(body)],
        ["GET", "/v2/spaces", null, "Bearer test-key", ""],
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it("is not called for a request refused for its Origin", async () => {
    const seen: InterceptedRequest[] = [];
    const sandbox = await startSandbox({ intercept: (request) => void seen.push(request) });
    try {
      const headers = { Authorization: "Bearer k", Origin: "https://attacker.example" };
      expect((await callApi(sandbox, "GET", "/v2/spaces", { headers })).status).toBe(403);
      expect(seen).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });

  it("is the only test knob: without it the sandbox keeps no request log and injects no faults", async () => {
    const sandbox = await startSandbox();
    try {
      expect(Object.keys(sandbox).sort()).toEqual(["close", "port", "store", "url"]);
    } finally {
      await sandbox.close();
    }
  });
});

describe("test sandbox: failNext", () => {
  it("fails the next request once by default, with the status as problem+json", async () => {
    const sandbox = await start();
    sandbox.failNext({ status: 503 });
    const failed = await callApi(sandbox, "GET", "/v2/spaces");
    expect(failed.problem).toEqual([503, PROBLEM, "service-unavailable"]);
    expect(failed.json.status).toBe(503);
    expect((await callApi(sandbox, "GET", "/v2/spaces")).status).toBe(200);
  });

  it("fails `times` requests with Retry-After", async () => {
    const sandbox = await start();
    sandbox.failNext({ status: 429, times: 2, retryAfter: 7 });
    for (let i = 0; i < 2; i += 1) {
      const res = await callApi(sandbox, "GET", "/v2/users");
      expect(res.problem).toEqual([429, PROBLEM, "rate-limit-exceeded"]);
      expect(res.headers.get("retry-after")).toBe("7");
    }
    const after = await callApi(sandbox, "GET", "/v2/users");
    expect(after.status).toBe(200);
    expect(after.headers.get("retry-after")).toBeNull();
  });

  it("only matches the given method, and a failed write is not applied", async () => {
    const sandbox = await start();
    sandbox.failNext({ status: 500, method: "post" });
    expect((await callApi(sandbox, "GET", "/v2/spaces")).status).toBe(200);
    const body = { name: "made-after-failure", organization_id: SEED.organizations.globex.id };
    const failed = await callApi(sandbox, "POST", "/v2/spaces", { body });
    expect(failed.status).toBe(500);
    expect(sandbox.store.listSpaces({ name: "made-after-failure" })).toEqual([]);
    expect((await callApi(sandbox, "POST", "/v2/spaces", { body })).status).toBe(201);
  });

  it("rejects a status that is not an error", async () => {
    const sandbox = await start();
    expect(() => sandbox.failNext({ status: 200 })).toThrow(RangeError);
    expect(() => sandbox.failNext({ status: 500, times: 0 })).toThrow(RangeError);
  });
});

describe("test sandbox: requests", () => {
  it("records every request in order, including rejected ones", async () => {
    const sandbox = await start();
    const spaceId = SEED.spaces.fraudModels.id;
    await callApi(sandbox, "GET", "/v2/users?status=ACTIVE&status=INVITED&limit=10");
    await callApi(sandbox, "PATCH", spacePath(spaceId), { body: { description: null } });
    await callApi(sandbox, "POST", "/v2/spaces", { body: "{oops", headers: {} });
    expect(sandbox.requests).toEqual([
      {
        method: "GET",
        path: "/v2/users",
        query: { status: "ACTIVE,INVITED", limit: "10" },
        authorization: "Bearer test-key",
        userAgent: "node",
        body: undefined,
      },
      {
        method: "PATCH",
        path: `/v2/spaces/${encodeURIComponent(spaceId)}`,
        query: {},
        authorization: "Bearer test-key",
        userAgent: "node",
        body: { description: null },
      },
      {
        method: "POST",
        path: "/v2/spaces",
        query: {},
        authorization: undefined,
        userAgent: "node",
        body: "{oops",
      },
    ]);
  });
});

describe("test sandbox: latencyMs", () => {
  it("delays every response", async () => {
    const sandbox = await start({ latencyMs: 150 });
    const started = performance.now();
    const res = await callApi(sandbox, "GET", "/v2/organizations");
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});
