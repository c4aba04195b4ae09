import { describe, expect, it } from "vitest";
import { encodeId } from "./ids.js";
import { SEED, seedState } from "./seed.js";
import { SandboxStore, StoreError } from "./store.js";

const { organizations, spaces, users } = SEED;

function demoStore(onChange?: () => void): SandboxStore {
  return new SandboxStore(seedState("demo"), {
    now: () => new Date("2026-01-02T03:04:05.678Z"),
    onChange,
  });
}

function storeErrorOf(action: () => unknown): StoreError {
  try {
    action();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error("expected a StoreError");
}

describe("SandboxStore", () => {
  it("creates spaces with the next ID, second-precision timestamps and defaults", () => {
    const store = demoStore();
    const space = store.createSpace({ name: "new", organizationId: organizations.globex.id });
    expect(space).toEqual({
      id: encodeId("Space", 13),
      name: "new",
      description: "",
      createdAt: "2026-01-02T03:04:05Z",
      isPrivate: false,
      organizationId: organizations.globex.id,
    });
  });

  it("enforces unique names per organization through create, rename and delete", () => {
    const store = demoStore();
    expect(
      storeErrorOf(() => store.createSpace({ name: "pricing", organizationId: organizations.globex.id }))
        .kind,
    ).toBe("conflict");
    store.updateSpace(spaces.pricing.id, { name: "pricing-old" });
    store.createSpace({ name: "pricing", organizationId: organizations.globex.id });
    expect(
      storeErrorOf(() => store.updateSpace(spaces.demandForecasting.id, { name: "pricing-old" })).kind,
    ).toBe("conflict");
    store.deleteSpace(spaces.pricing.id);
    store.updateSpace(spaces.demandForecasting.id, { name: "pricing-old" });
    expect(store.getSpace(spaces.demandForecasting.id)?.name).toBe("pricing-old");
  });

  it("changes nothing, not even the next ID, when it refuses a create", () => {
    const store = demoStore();
    const before = store.snapshot();
    storeErrorOf(() => store.createSpace({ name: "pricing", organizationId: organizations.globex.id }));
    expect(store.snapshot()).toEqual(before);
    expect(store.createSpace({ name: "new", organizationId: organizations.globex.id }).id).toBe(
      encodeId("Space", 13),
    );
  });

  it("reports unknown records as not_found and broken rules as rule", () => {
    const store = demoStore();
    const member = { type: "PREDEFINED", name: "MEMBER" } as const;
    expect(storeErrorOf(() => store.deleteSpace(encodeId("Space", 99))).kind).toBe("not_found");
    expect(storeErrorOf(() => store.addSpaceUser(spaces.pricing.id, encodeId("User", 99), member)).kind).toBe(
      "not_found",
    );
    expect(storeErrorOf(() => store.addSpaceUser(spaces.pricing.id, users.bob.id, member)).kind).toBe("rule");
    expect(storeErrorOf(() => store.removeSpaceUser(spaces.pricing.id, users.bob.id)).kind).toBe("not_found");
  });

  it("adds users to organizations so they can join its spaces", () => {
    const store = demoStore();
    const zoe = store.createUser({ name: "Zoe Park", email: "zoe.park@globex.example" });
    const member = { type: "PREDEFINED", name: "MEMBER" } as const;
    expect(storeErrorOf(() => store.addSpaceUser(spaces.pricing.id, zoe.id, member)).kind).toBe("rule");
    store.addOrganizationMember(organizations.globex.id, zoe.id);
    expect(store.addSpaceUser(spaces.pricing.id, zoe.id, member).userId).toBe(zoe.id);
  });

  it("reports every change", () => {
    let changes = 0;
    const store = demoStore(() => {
      changes += 1;
    });
    const space = store.createSpace({ name: "a", organizationId: organizations.acmeMl.id });
    store.updateSpace(space.id, { description: "b" });
    store.addSpaceUser(space.id, users.bob.id, { type: "PREDEFINED", name: "ADMIN" });
    store.removeSpaceUser(space.id, users.bob.id);
    store.deleteSpace(space.id);
    expect(changes).toBe(5);
  });

  it("hands out copies, so callers cannot change its state", () => {
    const store = demoStore();
    const space = store.getSpace(spaces.fraudModels.id);
    if (space) space.name = "mutated";
    const listed = store.listSpaces()[1];
    if (listed) listed.isPrivate = true;
    const member = store.spaceMembers(spaces.fraudModels.id)[0];
    if (member) member.role = { type: "PREDEFINED", name: "READ_ONLY" };
    expect(store.getSpace(spaces.recommendations.id)?.isPrivate).toBe(false);
    expect(store.spaceMembers(spaces.fraudModels.id)[0]?.role).toEqual({ type: "PREDEFINED", name: "ADMIN" });
    expect(store.getSpace(spaces.fraudModels.id)?.name).toBe("fraud-models");
  });

  it("round-trips through snapshot()", () => {
    const store = demoStore();
    store.createSpace({ name: "extra", organizationId: organizations.acmeMl.id });
    store.deleteSpace(spaces.churnPrediction.id);
    const copy = new SandboxStore(store.snapshot());
    expect(copy.snapshot()).toEqual(store.snapshot());
    expect(store.snapshot().lastSequence.Space).toBe(13);
  });

  it("rejects a state that references a missing organization or repeats a name", () => {
    const orphan = seedState("demo");
    orphan.spaces[0] = { ...spaces.fraudModels, organizationId: encodeId("Organization", 9) };
    expect(storeErrorOf(() => new SandboxStore(orphan)).kind).toBe("not_found");
    const twins = seedState("demo");
    twins.spaces.push({ ...spaces.pricing, id: encodeId("Space", 13) });
    expect(storeErrorOf(() => new SandboxStore(twins)).kind).toBe("conflict");
  });

  it("inserts and filters 10,000 spaces quickly", () => {
    const store = demoStore();
    const started = performance.now();
    for (let i = 0; i < 10_000; i += 1) {
      store.createSpace({ name: `bulk-${i}`, organizationId: organizations.acmeMl.id });
    }
    const inserted = performance.now();
    expect(store.listSpaces({ name: "BULK-9999" }).map((s) => s.name)).toEqual(["bulk-9999"]);
    expect(store.listSpaces({ organizationId: organizations.globex.id })).toHaveLength(2);
    expect(inserted - started).toBeLessThan(1_000);
    expect(performance.now() - inserted).toBeLessThan(500);
  });
});
