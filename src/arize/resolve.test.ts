import { afterEach, describe, expect, it } from "vitest";
import { id, mockApi, ORIGIN, problem, wire } from "../../test/support/mock-api.js";
import { InputError } from "../errors.js";
import { ArizeClient } from "./client.js";
import { looksLikeId, Resolver } from "./resolve.js";

let api: ReturnType<typeof mockApi>;
let clock = 0;
function setup() {
  api = mockApi();
  clock = 0;
  const client = new ArizeClient({
    baseUrl: ORIGIN,
    apiKey: "k",
    timeoutMs: 1000,
    userAgent: "t",
    dispatcher: api.agent,
  });
  return new Resolver(client, () => clock);
}
afterEach(() => api?.agent.close());

const enc = encodeURIComponent;

/** The requests that look the space up, leaving out the organization list and placing it in one. */
function lookups() {
  return api.requests.filter((r) => r.path !== "/v2/organizations" && r.query.org_id === undefined);
}

describe("looksLikeId", () => {
  it("recognises base64 global IDs and not ordinary names", () => {
    expect(looksLikeId("U3BhY2U6MTIzNDU=")).toBe(true);
    expect(looksLikeId("U3BhY2U6MTp1Rk4x")).toBe(true);
    expect(looksLikeId("T3JnYW5pemF0aW9uOjEyMzQ1")).toBe(true);
    expect(looksLikeId("fraud-models")).toBe(false);
    expect(looksLikeId("prod")).toBe(false);
    expect(looksLikeId("abc")).toBe(false);
    expect(looksLikeId("Ojo6")).toBe(true); // a real name can decode to ":::"
  });
});

describe("spaces", () => {
  it("fetches an ID directly, with one request", async () => {
    const resolve = setup();
    const s = wire.space(5, "risk");
    api.on("GET", `/v2/spaces/${enc(s.id)}`, { body: s });
    expect((await resolve.space(s.id)).name).toBe("risk");
    expect(lookups()).toHaveLength(1);
  });

  it("falls back to a name lookup when an ID-looking value is not found as an ID", async () => {
    const resolve = setup();
    api.on("GET", "/v2/spaces/Ojo6", problem(404, "Not Found"));
    api.on("GET", "/v2/spaces", { body: wire.page("spaces", [wire.space(9, "Ojo6")]) });
    expect((await resolve.space("Ojo6")).id).toBe(id("Space", 9));
    expect(lookups().map((r) => r.path)).toEqual(["/v2/spaces/Ojo6", "/v2/spaces"]);
  });

  it("resolves a name with one filtered request and prefers the exact match", async () => {
    const resolve = setup();
    api.on("GET", "/v2/spaces", {
      body: wire.page("spaces", [
        wire.space(1, "fraud-models-old"),
        wire.space(2, "fraud-models"),
        wire.space(3, "Fraud-Models"),
      ]),
    });
    expect((await resolve.space("fraud-models")).id).toBe(id("Space", 2));
    expect(lookups()).toHaveLength(1);
    expect(lookups()[0]?.query).toEqual({ name: "fraud-models", limit: "100" });
  });

  it("accepts a case-insensitive match when there is no exact one and it is unique", async () => {
    const resolve = setup();
    api.on("GET", "/v2/spaces", { body: wire.page("spaces", [wire.space(3, "Fraud-Models")]) });
    expect((await resolve.space("fraud-models")).id).toBe(id("Space", 3));
  });

  it("answers an ambiguous name with every candidate ID", async () => {
    const resolve = setup();
    api.on("GET", "/v2/spaces", {
      body: wire.page("spaces", [
        wire.space(1, "shared"),
        wire.space(2, "shared", { description: "EU copy" }),
      ]),
    });
    const err = await resolve.space("shared").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const msg = (err as Error).message;
    expect(msg).toContain('2 spaces are named "shared"');
    expect(msg).toContain(id("Space", 1));
    expect(msg).toContain(id("Space", 2));
    expect(msg).toContain('"EU copy"');
    expect(msg).toContain('in "Acme ML" (id T3JnYW5pemF0aW9uOjE=)');
  });

  it("narrows a name by organization (org_id filter)", async () => {
    const resolve = setup();
    const org = wire.org(2, "Globex");
    api.on("GET", "/v2/organizations", { body: wire.page("organizations", [org]) });
    api.on("GET", "/v2/spaces", { body: wire.page("spaces", [wire.space(2, "shared")]) });
    expect((await resolve.space("shared", "Globex")).id).toBe(id("Space", 2));
    expect(api.requests[1]?.query).toEqual({ name: "shared", org_id: org.id, limit: "100" });
  });

  it("says when no space has the name, listing near names", async () => {
    const resolve = setup();
    api.on("GET", "/v2/spaces", { body: wire.page("spaces", [wire.space(1, "fraud-models-v2")]) });
    await expect(resolve.space("fraud-models")).rejects.toThrow(
      /No space named "fraud-models"\. Names containing it: "fraud-models-v2"\. Call list_spaces/,
    );
  });

  it("follows pages of partial matches to find the exact one", async () => {
    const resolve = setup();
    api.on("GET", "/v2/spaces", (req) =>
      req.query.cursor === "p2"
        ? { body: wire.page("spaces", [wire.space(200, "ml")]) }
        : { body: wire.page("spaces", [wire.space(1, "ml-1"), wire.space(2, "ml-2")], "p2") },
    );
    expect((await resolve.space("ml")).id).toBe(id("Space", 200));
    expect(lookups().map((r) => r.query.cursor)).toEqual([undefined, "p2"]);
  });

  it("caches a resolved name briefly (one GET by ID) and forgets it on rename or delete", async () => {
    const resolve = setup();
    const risk = wire.space(1, "risk");
    api.on("GET", "/v2/spaces", { body: wire.page("spaces", [risk]) });
    api.on("GET", `/v2/spaces/${enc(risk.id)}`, { body: risk });
    const paths = () => lookups().map((r) => r.path);
    expect((await resolve.space("risk")).id).toBe(risk.id);
    expect((await resolve.space("risk")).id).toBe(risk.id);
    expect(paths()).toEqual(["/v2/spaces", `/v2/spaces/${enc(risk.id)}`]);
    resolve.forgetSpace(risk.id);
    await resolve.space("risk");
    expect(paths().at(-1)).toBe("/v2/spaces");
    clock += 31_000;
    await resolve.space("risk");
    expect(paths().at(-1)).toBe("/v2/spaces");
  });

  it("looks a cached name up again when someone else renamed that space", async () => {
    const resolve = setup();
    const risk = wire.space(1, "risk");
    const renamed = { ...risk, name: "risk-archived" };
    const fresh = wire.space(2, "risk");
    let listed = [risk];
    api.on("GET", "/v2/spaces", () => ({ body: wire.page("spaces", listed) }));
    api.on("GET", `/v2/spaces/${enc(risk.id)}`, { body: renamed });
    expect((await resolve.space("risk")).id).toBe(risk.id);
    listed = [fresh];
    expect((await resolve.space("risk")).id).toBe(fresh.id);
  });
});

describe("the organization of a space", () => {
  const acme = wire.org(1, "Acme ML");
  const research = wire.org(2, "Acme Research");
  const ml = wire.space(1, "fraud-models");
  const lab = wire.space(8, "fraud-models");

  function twoOrganizations() {
    api.on("GET", "/v2/organizations", { body: wire.page("organizations", [acme, research]) });
    api.on("GET", "/v2/spaces", (req) => {
      if (req.query.org_id === acme.id) return { body: wire.page("spaces", [ml]) };
      if (req.query.org_id === research.id) return { body: wire.page("spaces", [lab]) };
      return { body: wire.page("spaces", [ml, lab]) };
    });
    api.on("GET", `/v2/spaces/${enc(lab.id)}`, { body: lab });
  }

  it("is found once, by name in each organization, and then costs nothing", async () => {
    const resolve = setup();
    twoOrganizations();
    expect((await resolve.space(lab.id)).organization).toEqual({ id: research.id, name: "Acme Research" });
    expect(api.requests.map((r) => `${r.path} ${r.query.org_id ?? ""}`)).toEqual([
      `/v2/spaces/${enc(lab.id)} `,
      "/v2/organizations ",
      `/v2/spaces ${acme.id}`,
      `/v2/spaces ${research.id}`,
    ]);
    api.requests.length = 0;
    expect((await resolve.space(lab.id)).organization.name).toBe("Acme Research");
    expect(api.requests.map((r) => r.path)).toEqual([`/v2/spaces/${enc(lab.id)}`]);
  });

  it("tells apart two spaces of one name in their organizations, and narrows by organization", async () => {
    const resolve = setup();
    twoOrganizations();
    const err = await resolve.space("fraud-models").catch((e: unknown) => (e as Error).message);
    expect(err).toBe(
      `2 spaces are named "fraud-models": ${ml.id} in "Acme ML" (id ${acme.id}) (created 2025-01-02T03:04:05Z); ${lab.id} in "Acme Research" (id ${research.id}) (created 2025-01-02T03:04:05Z). Ask the user which one is meant, then pass organization ("Acme ML" or "Acme Research") or the space ID.`,
    );
    api.requests.length = 0;
    expect((await resolve.space("fraud-models", "Acme Research")).id).toBe(lab.id);
    // The organization list is cached: one filtered request.
    expect(api.requests.map((r) => r.query)).toEqual([
      { name: "fraud-models", org_id: research.id, limit: "100" },
    ]);
  });

  it("refuses an ID given with another organization, saying where the space is", async () => {
    const resolve = setup();
    twoOrganizations();
    await expect(resolve.space(lab.id, "Acme ML")).rejects.toThrow(
      `The space "fraud-models" (id ${lab.id}) is in the organization "Acme Research" (id ${research.id}), not "Acme ML" (id ${acme.id}). An ID needs no organization: pass {"space":"${lab.id}"}.`,
    );
  });
});

describe("organizations and users", () => {
  it("resolves an organization by name and by ID", async () => {
    const resolve = setup();
    const org = wire.org(1, "Acme ML");
    api.on("GET", "/v2/organizations", {
      body: wire.page("organizations", [org, wire.org(2, "Acme ML Labs")]),
    });
    api.on("GET", `/v2/organizations/${enc(org.id)}`, { body: org });
    expect((await resolve.organization("Acme ML")).id).toBe(org.id);
    expect((await resolve.organization(org.id)).name).toBe("Acme ML");
  });

  it("lists the organizations when create needs one and the key sees several", async () => {
    const resolve = setup();
    api.on("GET", "/v2/organizations", {
      body: wire.page("organizations", [wire.org(1, "A"), wire.org(2, "B")]),
    });
    await expect(resolve.onlyOrganization()).rejects.toThrow(
      /Pass organization: .*"A" \(id T3JnYW5pemF0aW9uOjE=\), "B"/,
    );
  });

  it("finds a user by email, case-insensitively, among partial matches", async () => {
    const resolve = setup();
    api.on("GET", "/v2/users", {
      body: wire.page("users", [wire.user(1, "bob.smith@acme.io"), wire.user(2, "Bob@acme.io")]),
    });
    expect((await resolve.user("bob@ACME.io")).id).toBe(id("User", 2));
    expect(api.requests[0]?.query).toEqual({ email: "bob@ACME.io", limit: "100" });
  });

  it("says when no user has the email", async () => {
    const resolve = setup();
    api.on("GET", "/v2/users", { body: wire.page("users", [wire.user(1, "bobby@acme.io")]) });
    await expect(resolve.user("bob@acme.io")).rejects.toThrow(
      /No user with email "bob@acme.io"\. Similar: bobby@acme.io/,
    );
  });

  it("refuses a user that is neither an ID nor an email, without a request", async () => {
    const resolve = setup();
    await expect(resolve.user("bob")).rejects.toThrow(/user must be a user ID or an email address/);
    expect(api.requests).toHaveLength(0);
  });
});
