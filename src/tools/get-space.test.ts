import { expect, it } from "vitest";
import { DEFAULT_ORG, id, problem, wire } from "../../test/support/mock-api.js";
import { mockApiForEachTest } from "../../test/support/tool-test.js";

const t = mockApiForEachTest();

it("gets a space by ID with every field", async () => {
  const s = wire.space(1, "fraud-models", { description: "Card fraud" });
  t.api.on("GET", `/v2/spaces/${encodeURIComponent(s.id)}`, { body: s });
  t.api.on("GET", "/v2/spaces", { body: wire.page("spaces", [s]) });
  const r = await t.mcp.call("get_space", { space: s.id });
  expect(r.text).toBe(
    `Space "fraud-models"\nid: ${s.id}\norganization: "Acme ML" (id ${DEFAULT_ORG.id})\ndescription: "Card fraud"\nprivate: no\ncreatedAt: 2025-01-02T03:04:05Z`,
  );
  expect(r.structured).toEqual({
    id: s.id,
    name: "fraud-models",
    description: "Card fraud",
    isPrivate: false,
    createdAt: "2025-01-02T03:04:05Z",
    organization: { id: DEFAULT_ORG.id, name: "Acme ML" },
  });
});

it("gets a space by name", async () => {
  t.api.on("GET", "/v2/spaces", { body: wire.page("spaces", [wire.space(3, "churn")]) });
  const r = await t.mcp.call("get_space", { space: "churn" });
  expect(r.structured?.id).toBe(id("Space", 3));
  // The name lookup, then (once per process) the organization list and the space's place in it.
  expect(t.api.requests.map((q) => `${q.method} ${q.path} ${q.query.org_id ?? ""}`)).toEqual([
    "GET /v2/spaces ",
    "GET /v2/organizations ",
    `GET /v2/spaces ${DEFAULT_ORG.id}`,
  ]);
});

it("answers an ambiguous name with the candidates and how to choose", async () => {
  t.api.on("GET", "/v2/spaces", {
    body: wire.page("spaces", [wire.space(1, "shared"), wire.space(2, "shared")]),
  });
  const r = await t.mcp.call("get_space", { space: "shared" });
  expect(r.isError).toBe(true);
  expect(r.text).toContain(id("Space", 1));
  expect(r.text).toContain(id("Space", 2));
  expect(r.text).toContain("Ask the user which one is meant, then pass the space ID.");
});

it("answers a missing space with the tool to call next", async () => {
  t.api.on("GET", "/v2/spaces", { body: wire.page("spaces", []) });
  const r = await t.mcp.call("get_space", { space: "nope" });
  expect(r).toMatchObject({
    isError: true,
    text: 'No space named "nope". Call list_spaces to see spaces and IDs.',
  });
});

it("explains a 403", async () => {
  const s = wire.space(1);
  t.api.on("GET", `/v2/spaces/${encodeURIComponent(s.id)}`, problem(403, "Forbidden", "no access to space"));
  const r = await t.mcp.call("get_space", { space: s.id });
  expect(r.text).toBe(
    `The API key's user may not do this (HTTP 403). Arize said: "no access to space". get_space needs read access to that resource.`,
  );
});
