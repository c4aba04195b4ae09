import { expect, it } from "vitest";
import { DEFAULT_ORG, problem, wire } from "../../test/support/mock-api.js";
import { mockApiForEachTest } from "../../test/support/tool-test.js";

const t = mockApiForEachTest();
const enc = encodeURIComponent;

const S = wire.space(1, "risk");
const U = wire.user(7, "bob@acme.io", "Bob Smith");
const PATH = `/v2/spaces/${enc(S.id)}/users/${enc(U.id)}`;

function given() {
  t.api.on("GET", "/v2/spaces", { body: wire.page("spaces", [S]) });
  t.api.on("GET", "/v2/users", { body: wire.page("users", [U]) });
}

it("removes a member", async () => {
  given();
  t.api.on("DELETE", PATH, { status: 204 });
  const r = await t.mcp.call("remove_space_user", { space: "risk", user: "bob@acme.io" });
  expect(t.api.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
    "GET /v2/spaces",
    "GET /v2/organizations",
    "GET /v2/spaces",
    "GET /v2/users",
    `DELETE ${PATH}`,
  ]);
  expect(r.text).toBe(
    `Removed user "Bob Smith" <bob@acme.io> (id ${U.id}) from space "risk" (id ${S.id}) of the organization "Acme ML" (id ${DEFAULT_ORG.id}).`,
  );
  expect(r.structured).toEqual({ removed: true, spaceId: S.id, userId: U.id });
});

it("says plainly that nothing changed for a non-member", async () => {
  given();
  t.api.on("DELETE", PATH, problem(404, "Not Found", "user is not a member of this space"));
  const r = await t.mcp.call("remove_space_user", { space: "risk", user: "bob@acme.io" });
  expect(r.isError).toBe(false);
  expect(r.text).toMatch(
    /^Nothing changed: user "Bob Smith" <bob@acme.io> .* is not a member of space "risk"/,
  );
  expect(r.structured).toEqual({ removed: false, spaceId: S.id, userId: U.id });
});

it("reports a missing space without removing anything", async () => {
  t.api.on("GET", "/v2/spaces", { body: wire.page("spaces", []) });
  const r = await t.mcp.call("remove_space_user", { space: "gone", user: "bob@acme.io" });
  expect(r.isError).toBe(true);
  expect(t.api.requests.filter((q) => q.method === "DELETE")).toHaveLength(0);
});

it("passes on a 403 with the permission needed", async () => {
  given();
  t.api.on("DELETE", PATH, problem(403, "Forbidden"));
  const r = await t.mcp.call("remove_space_user", { space: "risk", user: "bob@acme.io" });
  expect(r.text).toContain("remove_space_user needs space admin on that space");
});
