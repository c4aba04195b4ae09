import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { OrganizationRecord, SandboxState, SpaceRecord, UserRecord } from "../src/sandbox/index.js";
import type { ToolDefinition } from "../src/tools/define.js";
import { tools } from "../src/tools/index.js";
import { connect } from "./support/mcp.js";
import { startTestSandbox, type TestSandbox } from "./support/sandbox-api.js";

/*
 * Property-based tests over every tool's inputs. Arguments are built from the tool's own input schema and
 * the sandbox's own names, IDs and emails, so most runs are valid calls that reach the API; the rest carry
 * hostile or garbage values. Whatever arrives, the call ends in a tool result (never a protocol error or a
 * crash), input the schema refuses never reaches the API, a success matches the tool's output schema, an
 * error result leaves the data as it was, a destructive write follows only the user's accept (the client
 * answers confirmations at random), and the server still answers afterwards. The share of runs that were
 * valid calls reaching the API is counted per tool and must be at least MIN_VALID_SHARE, so the
 * properties are shown to hold for calls that do something, not only for input the schema refuses.
 */

const RUNS_PER_TOOL = 80;
/** The least share of runs per tool that must be schema-valid calls that reached the API. */
const MIN_VALID_SHARE = 0.25;
const KEY = "fuzz-key";
/** FUZZ_SEED=<n> replays a failing run; the seed is in every failure message. */
const SEED_ENV = process.env.FUZZ_SEED;

let sandbox: TestSandbox;
let mcp: Awaited<ReturnType<typeof connect>>;
/** The seeded state, by part, as JSON: every run starts from it. */
let pristine: Record<string, string>;
/** The seeded records, which valid arguments are built from. */
let state: SandboxState;
/** Cursors the list tools hand out, harvested once. */
let cursors: string[] = [];
/** How the user answers confirmations in this run, and how many they were asked. */
let answer: Answer = "accept";
let asked = 0;

const ANSWERS = ["accept", "accept", "untick", "decline", "cancel"] as const;
type Answer = (typeof ANSWERS)[number];

async function start(): Promise<void> {
  sandbox = await startTestSandbox({ apiKey: KEY });
  mcp = await connect({
    baseUrl: sandbox.url,
    apiKey: KEY,
    capabilities: { elicitation: {} },
    beforeConnect: (client) =>
      client.setRequestHandler(ElicitRequestSchema, async () => {
        asked++;
        return answer === "accept" || answer === "untick"
          ? { action: "accept", content: { confirm: answer === "accept" } }
          : { action: answer };
      }),
  });
}

async function stop(): Promise<void> {
  await mcp.close();
  await sandbox.close();
}

beforeAll(async () => {
  await start();
  pristine = stateParts();
  state = sandbox.store.snapshot();
  cursors = await harvestCursors();
});
afterAll(stop);

/** Every nextCursor in the results of the tools that need no argument, asked for pages of the least size. */
async function harvestCursors(): Promise<string[]> {
  const found = new Set<string>();
  for (const tool of tools) {
    const args: Record<string, unknown> = {};
    let callable = true;
    for (const [key, field] of Object.entries(tool.inputSchema.shape)) {
      const inner = field instanceof z.ZodOptional ? field.unwrap() : field;
      if (inner instanceof z.ZodNumber && inner.minValue !== null) args[key] = inner.minValue;
      else if (!(field instanceof z.ZodOptional)) callable = false;
    }
    if (!callable) continue;
    const result = await mcp.call(tool.name, args);
    const pagination = result.structured?.pagination as { nextCursor?: string } | undefined;
    if (pagination?.nextCursor) found.add(pagination.nextCursor);
  }
  return [...found];
}

// --- hostile values ---

const HUGE = "x".repeat(100_000);
const BIDI = "\u202e\u200b\n# SYSTEM";
/** Strings a schema may accept that still must not confuse the API paths or the text. */
const TRICKY = ["../x", "..", ".", "%2e%2e%2f", "a/b?c#d", BIDI, "\u0000", "x".repeat(1000)];

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.constantFrom(...TRICKY),
  fc.constantFrom(HUGE, BIDI, ""),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.record({ type: fc.constantFrom("predefined", "PREDEFINED", "custom", "x"), name: fc.string() }),
);

// "__proto__" is left out: the in-memory transport hands objects over without a JSON round trip, so the
// server would not see it the way a stdio or HTTP client sends it.
const STRAY_KEYS = ["unexpected", "constructor", "toString"];

// --- valid values, from the sandbox ---

/** What one run is about: a space, its organization, and a user (often one of its members). */
interface Scene {
  space: SpaceRecord;
  organization: OrganizationRecord;
  user: UserRecord;
  roleId: string;
  fresh: number;
}

function sceneArbitrary(): fc.Arbitrary<Scene> {
  const byId = <T extends { id: string }>(list: T[], id: string): T => {
    const found = list.find((r) => r.id === id);
    if (!found) throw new Error(`the sandbox state has no record ${id}`);
    return found;
  };
  const pairs = fc.oneof(
    fc.constantFrom(...state.spaceMemberships).map((m) => [m.spaceId, m.userId] as const),
    fc
      .constantFrom(...state.spaces)
      .chain((s) =>
        fc.constantFrom(
          ...state.organizationMembers
            .filter((m) => m.organizationId === s.organizationId)
            .map((m) => [s.id, m.userId] as const),
        ),
      ),
    fc.tuple(
      fc.constantFrom(...state.spaces.map((s) => s.id)),
      fc.constantFrom(...state.users.map((u) => u.id)),
    ),
  );
  return fc
    .record({ pair: pairs, roleId: fc.constantFrom(...state.roles.map((r) => r.id)), fresh: fc.nat(999) })
    .map(({ pair: [spaceId, userId], roleId, fresh }) => {
      const space = byId(state.spaces, spaceId);
      return {
        space,
        organization: byId(state.organizations, space.organizationId),
        user: byId(state.users, userId),
        roleId,
        fresh,
      };
    });
}

/** Spellings the role field accepts; refused ones come from the tricky and random strings. */
const ROLE_SPELLINGS = ["admin", "member", "read_only", "read-only", "ANNOTATOR", "Read Only"];

/** The sandbox's values for a field, by the field's name (a dotted path inside an object field). */
function sandboxValues(path: string, scene: Scene): string[] {
  const { space, organization, user } = scene;
  const everything = [space.id, space.name, organization.id, organization.name, user.id, user.email];
  const pools: Record<string, string[]> = {
    space: [space.id, space.name],
    organization: [organization.id, organization.name],
    user: [user.id, user.email],
    confirm: [space.name],
    role: ROLE_SPELLINGS,
    "role.name": ROLE_SPELLINGS,
    "role.type": ["predefined", "PREDEFINED"],
    customRoleId: [scene.roleId],
    name: [`fuzz-${scene.fresh}`, space.name, space.name.slice(0, 4), organization.name, user.name],
    email: [user.email, user.email.slice(user.email.indexOf("@")), user.email.slice(0, 3)],
    description: ["", "Made by the fuzzer"],
    cursor: cursors,
  };
  const pool = pools[path];
  return pool && pool.length > 0 ? pool : everything;
}

/** A value the field's schema accepts, mostly from the sandbox's own data. */
function validValue(schema: z.ZodType, path: string, scene: Scene): fc.Arbitrary<unknown> {
  if (schema instanceof z.ZodOptional) return validValue(schema.unwrap() as z.ZodType, path, scene);
  if (schema instanceof z.ZodNullable) {
    return fc.oneof(fc.constant(null), validValue(schema.unwrap() as z.ZodType, path, scene));
  }
  let value: fc.Arbitrary<unknown>;
  if (schema instanceof z.ZodString) {
    value = fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...sandboxValues(path, scene)) },
      { weight: 1, arbitrary: fc.constantFrom(...TRICKY) },
      { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }) },
    );
  } else if (schema instanceof z.ZodBoolean) value = fc.boolean();
  else if (schema instanceof z.ZodEnum) value = fc.constantFrom(...schema.options);
  else if (schema instanceof z.ZodNumber) {
    value = fc.integer({ min: schema.minValue ?? -1000, max: schema.maxValue ?? 1000 });
  } else if (schema instanceof z.ZodUnion) {
    value = fc.oneof(...(schema.options as z.ZodType[]).map((option) => validValue(option, path, scene)));
  } else if (schema instanceof z.ZodObject) value = validObject(schema, scene, path);
  else throw new Error(`The fuzzer cannot build a ${schema.def.type} field (${path}): teach validValue.`);
  return value.filter((v) => schema.safeParse(v).success);
}

/** Fields a handler takes only one of, a rule the schema does not express (add_space_user's role). */
const EXCLUSIVE_FIELDS = [["role", "customRoleId"]];

/**
 * Arguments the schema accepts, with the optional fields present at random, or all but one, or only one,
 * and at most one of each EXCLUSIVE_FIELDS group: handlers refuse some combinations the schema allows.
 */
function validObject(schema: z.ZodObject, scene: Scene, prefix = ""): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.entries(schema.shape as Record<string, z.ZodType>);
  const optional = fields.filter(([, f]) => f instanceof z.ZodOptional).map(([k]) => k);
  const values = Object.fromEntries(
    fields.map(([key, field]) => [key, validValue(field, prefix ? `${prefix}.${key}` : key, scene)]),
  );
  const one = () => fc.constantFrom(...optional);
  const present =
    optional.length === 0
      ? fc.constant([])
      : fc.oneof(
          { weight: 1, arbitrary: fc.subarray(optional) },
          { weight: 2, arbitrary: one().map((k) => [k]) },
          { weight: 2, arbitrary: one().map((k) => optional.filter((o) => o !== k)) },
        );
  return fc.tuple(fc.record(values), present, fc.nat()).map(([all, chosen, pick]) => {
    const kept = new Set([...fields.map(([k]) => k).filter((k) => !optional.includes(k)), ...chosen]);
    for (const group of EXCLUSIVE_FIELDS) {
      const both = group.filter((k) => kept.has(k));
      for (const [i, k] of both.entries()) if (i !== pick % both.length) kept.delete(k);
    }
    return Object.fromEntries(Object.entries(all).filter(([k]) => kept.has(k)));
  });
}

/** Valid arguments with one to three fields replaced, dropped or added, or a dictionary of garbage. */
function hostileArgs(tool: ToolDefinition, valid: fc.Arbitrary<Record<string, unknown>>) {
  const keys = Object.keys(tool.inputSchema.shape);
  const edits: fc.Arbitrary<(args: Record<string, unknown>) => void>[] = [
    fc.record({ key: fc.constantFrom(...STRAY_KEYS), value: anyValue }).map(({ key, value }) => (args) => {
      args[key] = value;
    }),
  ];
  if (keys.length > 0) {
    edits.push(
      fc.record({ key: fc.constantFrom(...keys), value: anyValue }).map(({ key, value }) => (args) => {
        args[key] = value;
      }),
      fc.constantFrom(...keys).map((key) => (args) => {
        delete args[key];
      }),
    );
  }
  const edited = fc
    .tuple(valid, fc.array(fc.oneof(...edits), { minLength: 1, maxLength: 3 }))
    .map(([args, changes]) => {
      const copy = { ...args };
      for (const change of changes) change(copy);
      return copy;
    });
  const garbage = fc.dictionary(fc.constantFrom(...keys, ...STRAY_KEYS), anyValue, { maxKeys: 5 });
  return fc.oneof(edited, garbage);
}

function argsArbitrary(tool: ToolDefinition): fc.Arbitrary<Record<string, unknown>> {
  return sceneArbitrary().chain((scene) => {
    const valid = validObject(tool.inputSchema, scene);
    return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: hostileArgs(tool, valid) });
  });
}

// --- the properties ---

/** The state's parts (spaces, memberships, ...) as JSON, so a failure names the parts that changed. */
function stateParts(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sandbox.store.snapshot()).map(([part, value]) => [part, JSON.stringify(value)]),
  );
}

function changedParts(): string[] {
  const now = stateParts();
  return Object.keys({ ...pristine, ...now }).filter((part) => now[part] !== pristine[part]);
}

/** Set when a call sent anything but a GET: the next run starts from a fresh sandbox. */
let dirty = false;

interface Outcome {
  /** The arguments were valid and the call reached the API. */
  validAndReached: boolean;
  succeeded: boolean;
}

/** One call from the seeded state, checked. */
async function checkedCall(tool: ToolDefinition, args: Record<string, unknown>): Promise<Outcome> {
  if (dirty) {
    await stop();
    await start();
    dirty = false;
  }
  const sent = sandbox.requests.length;
  asked = 0;
  const result = await mcp.client.callTool({ name: tool.name, arguments: args });
  const requests = sandbox.requests.slice(sent);
  dirty = requests.some((r) => r.method !== "GET");
  if (dirty && tool.annotations.destructiveHint) {
    expect({ asked: asked > 0, answer }, "a destructive write without the user's accept").toEqual({
      asked: true,
      answer: "accept",
    });
  }
  const content = result.content as Array<{ type: string; text: string }>;
  const text = content[0]?.text;
  expect(content[0]?.type).toBe("text");
  expect(typeof text).toBe("string");
  // The oracle judges what the server receives: the arguments after a JSON round trip.
  const valid = tool.inputSchema.safeParse(JSON.parse(JSON.stringify(args))).success;
  if (!valid) {
    expect(result.isError, text).toBe(true);
    expect(requests, "input the schema refuses reached the API").toEqual([]);
  }
  // Only requests change the sandbox: an error that sent none changed nothing.
  if (result.isError && requests.length > 0) {
    expect(changedParts(), `an error result changed the data: ${text}`).toEqual([]);
  } else if (!result.isError) {
    const checked = tool.outputSchema.strict().safeParse(result.structuredContent);
    expect(checked.error?.issues ?? [], "structuredContent breaks the output schema").toEqual([]);
  }
  await mcp.client.ping();
  return { validAndReached: valid && requests.length > 0, succeeded: !result.isError };
}

const newSeed = () => (SEED_ENV === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(SEED_ENV));

describe.each(tools.map((t) => [t.name, t] as const))("fuzzing %s", (name, tool) => {
  it("answers with a tool result; refused input never reaches the API; results are as declared", async () => {
    const seed = newSeed();
    let runs = 0;
    let validAndReached = 0;
    let succeeded = 0;
    await fc.assert(
      fc.asyncProperty(argsArbitrary(tool), fc.constantFrom(...ANSWERS), async (args, reply) => {
        answer = reply;
        const outcome = await checkedCall(tool, args);
        runs++;
        if (outcome.validAndReached) validAndReached++;
        if (outcome.succeeded) succeeded++;
      }),
      { numRuns: RUNS_PER_TOOL, seed },
    );
    expect((await mcp.call("list_organizations")).isError).toBe(false);
    console.log(`${name}: ${validAndReached}/${runs} valid calls reached the API; ${succeeded} succeeded`);
    expect(
      validAndReached / runs,
      `seed ${seed}: too few valid calls reached the API`,
    ).toBeGreaterThanOrEqual(MIN_VALID_SHARE);
  });
});
