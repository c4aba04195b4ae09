import { expect, it } from "vitest";
import { id, problem, wire } from "../../test/support/mock-api.js";
import { mockApiForEachTest } from "../../test/support/tool-test.js";

const t = mockApiForEachTest();

it("lists organizations with the next-page call", async () => {
  t.api.on("GET", "/v2/organizations", {
    body: wire.page("organizations", [{ ...wire.org(1, "Acme ML"), description: "Main" }], "n2"),
  });
  const r = await t.mcp.call("list_organizations", { limit: 1 });
  expect(t.api.requests[0]?.query).toEqual({ limit: "1" });
  expect(r.text).toBe(
    [
      "1 organization (more available):",
      "| name | id | createdAt | description |",
      "| --- | --- | --- | --- |",
      `| Acme ML | ${id("Organization", 1)} | 2024-06-01T00:00:00Z | Main |`,
      'More results: call list_organizations with {"limit":1,"cursor":"n2"}',
    ].join("\n"),
  );
  expect(r.structured).toEqual({
    organizations: [
      { id: id("Organization", 1), name: "Acme ML", description: "Main", createdAt: "2024-06-01T00:00:00Z" },
    ],
    pagination: { hasMore: true, nextCursor: "n2" },
  });
});

it("says when a name filter matches nothing", async () => {
  t.api.on("GET", "/v2/organizations", { body: wire.page("organizations", []) });
  const r = await t.mcp.call("list_organizations", { name: "zz" });
  expect(t.api.requests[0]?.query).toEqual({ name: "zz", limit: "25" });
  expect(r.text).toBe(
    'No organizations found with a name containing "zz". Try a shorter part of the name, or no name.',
  );
});

it("reports a rate limit with the wait", async () => {
  t.api.on("GET", "/v2/organizations", problem(429, "Too Many Requests", undefined, { "retry-after": "42" }));
  const r = await t.mcp.call("list_organizations");
  expect(r).toMatchObject({
    isError: true,
    text: "Arize is rate limiting this key (HTTP 429). Retry after 42 s.",
  });
  expect(t.api.requests).toHaveLength(1);
});
