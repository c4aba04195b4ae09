import { expect, it } from "vitest";
import { problem, wire } from "../../test/support/mock-api.js";
import { mockApiForEachTest } from "../../test/support/tool-test.js";

const t = mockApiForEachTest();
const enc = encodeURIComponent;

const S = wire.space(1, "risk", { description: "old" });
const PATH = `/v2/spaces/${enc(S.id)}`;
const patch = () => t.api.requests.find((q) => q.method === "PATCH");

it("refuses an empty change before any request", async () => {
  const r = await t.mcp.call("update_space", { space: "risk" });
  expect(r).toMatchObject({
    isError: true,
    text: "Nothing to change: pass at least one of name, description or isPrivate.",
  });
  expect(t.api.requests).toHaveLength(0);
});

it("renames and reports the change", async () => {
  t.api.on("GET", PATH, { body: S });
  t.api.on("GET", "/v2/spaces", { body: wire.page("spaces", [S]) });
  t.api.on("PATCH", PATH, { body: { ...S, name: "risk-v2" } });
  const r = await t.mcp.call("update_space", { space: S.id, name: "risk-v2" });
  expect(patch()?.body).toEqual({ name: "risk-v2" });
  expect(r.text.split("\n")[0]).toBe('Updated: name "risk" -> "risk-v2".');
  expect(r.structured).toMatchObject({ id: S.id, name: "risk-v2" });
  expect(r.text).toContain('organization: "Acme ML" (id T3JnYW5pemF0aW9uOjE=)');
});

it.each([[null], [""]])("clears the description with %j (null on the wire)", async (value) => {
  t.api.on("GET", PATH, { body: S });
  t.api.on("PATCH", PATH, { body: { ...S, description: "" } });
  const r = await t.mcp.call("update_space", { space: S.id, description: value });
  expect(patch()?.body).toEqual({ description: null });
  expect(r.text.split("\n")[0]).toBe("Updated: description cleared.");
});

it("changes visibility", async () => {
  t.api.on("GET", PATH, { body: S });
  t.api.on("PATCH", PATH, { body: { ...S, is_private: true } });
  const r = await t.mcp.call("update_space", { space: S.id, isPrivate: true });
  expect(patch()?.body).toEqual({ is_private: true });
  expect(r.text.split("\n")[0]).toBe("Updated: now private.");
});

it("after a rename, the old name is looked up again rather than served from the cache", async () => {
  t.api.on("GET", "/v2/spaces", (req) => ({
    body: wire.page("spaces", req.query.name === "risk" ? [S] : []),
  }));
  t.api.on("GET", PATH, { body: S });
  t.api.on("PATCH", PATH, { body: { ...S, name: "risk-v2" } });
  await t.mcp.call("update_space", { space: "risk", name: "risk-v2" });
  const r = await t.mcp.call("update_space", { space: "risk", isPrivate: true });
  // Name lookups only (placing the space in its organization filters by org_id).
  expect(t.api.requests.filter((q) => q.path === "/v2/spaces" && !q.query.org_id)).toHaveLength(2);
  expect(r.isError).toBe(false);
});

it("passes on a 409 for a taken name", async () => {
  t.api.on("GET", PATH, { body: S });
  t.api.on("PATCH", PATH, problem(409, "Conflict"));
  const r = await t.mcp.call("update_space", { space: S.id, name: "taken" });
  expect(r.isError).toBe(true);
  expect(r.text).toContain("HTTP 409");
});
