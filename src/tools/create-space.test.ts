import { expect, it } from "vitest";
import { id, problem, wire } from "../../test/support/mock-api.js";
import { mockApiForEachTest } from "../../test/support/tool-test.js";

const t = mockApiForEachTest();

const ORG = wire.org(1, "Acme ML");

it("creates a space in the named organization and says where", async () => {
  t.api.on("GET", "/v2/organizations", { body: wire.page("organizations", [ORG]) });
  t.api.on("POST", "/v2/spaces", {
    status: 201,
    body: wire.space(9, "risk", { description: "Risk models" }),
  });
  const r = await t.mcp.call("create_space", {
    name: "risk",
    organization: "Acme ML",
    description: "Risk models",
  });
  expect(t.api.requests[1]?.body).toEqual({
    name: "risk",
    organization_id: ORG.id,
    description: "Risk models",
  });
  expect(r.text).toBe(
    `Created in the organization "Acme ML" (id ${ORG.id}).\nSpace "risk"\nid: ${id("Space", 9)}\norganization: "Acme ML" (id ${ORG.id})\ndescription: "Risk models"\nprivate: no\ncreatedAt: 2025-01-02T03:04:05Z`,
  );
  expect(r.structured).toMatchObject({ id: id("Space", 9), name: "risk", isPrivate: false });
});

it("uses the only organization the key sees when none is named", async () => {
  t.api.on("GET", "/v2/organizations", { body: wire.page("organizations", [ORG]) });
  t.api.on("POST", "/v2/spaces", { status: 201, body: wire.space(9, "risk", { is_private: true }) });
  await t.mcp.call("create_space", { name: "risk", isPrivate: true });
  expect(t.api.requests[0]?.query).toEqual({ limit: "100" });
  expect(t.api.requests[1]?.body).toEqual({ name: "risk", organization_id: ORG.id, is_private: true });
});

it("asks for the organization when the key sees several, creating nothing", async () => {
  t.api.on("GET", "/v2/organizations", { body: wire.page("organizations", [ORG, wire.org(2, "Globex")]) });
  const r = await t.mcp.call("create_space", { name: "risk" });
  expect(r.isError).toBe(true);
  expect(r.text).toContain("Pass organization");
  expect(r.text).toContain('"Globex"');
  expect(t.api.requests.filter((q) => q.method === "POST")).toHaveLength(0);
});

it("explains a duplicate name (409)", async () => {
  t.api.on("GET", "/v2/organizations", { body: wire.page("organizations", [ORG]) });
  t.api.on("POST", "/v2/spaces", problem(409, "Conflict", "space name already exists"));
  const r = await t.mcp.call("create_space", { name: "risk", organization: "Acme ML" });
  expect(r.isError).toBe(true);
  expect(r.text).toMatch(/^A space with that name already exists in that organization \(HTTP 409\)/);
});

it("refuses a blank or too long name before any request", async () => {
  for (const name of ["   ", "x".repeat(256)]) {
    const r = await t.mcp.call("create_space", { name, organization: ORG.id });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("name");
  }
  expect(t.api.requests).toHaveLength(0);
});

it("warns that a timed-out write may or may not have happened", async () => {
  t.api.on("GET", "/v2/organizations", { body: wire.page("organizations", [ORG]) });
  t.api.on("POST", "/v2/spaces", problem(503, "Service Unavailable"));
  const r = await t.mcp.call("create_space", { name: "risk", organization: "Acme ML" });
  expect(r.text).toContain("The change may or may not have been made: check with get_space or list_spaces");
  expect(t.api.requests.filter((q) => q.method === "POST")).toHaveLength(1);
});
