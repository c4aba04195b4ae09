// Sandbox data files with N spaces, made from the sandbox's own demo data (so the format is always the
// current one): the demo's 12 spaces, plus generated ones, or fewer demo spaces for N < 12.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "./lib.mjs";

const TEAMS = [
  "search",
  "ads",
  "churn",
  "pricing",
  "vision",
  "speech",
  "recsys",
  "risk",
  "support",
  "growth",
];
const KINDS = ["models", "evals", "traces", "experiments", "monitors"];
const DESCRIPTIONS = [
  "",
  "Production models and their monitors",
  "",
  "Offline evaluation runs, refreshed nightly",
  "LLM traces from the staging environment",
];
/** Demo spaces that stay when fewer than the demo's 12 are asked for (resolution looks these up). */
const KEEP_FIRST = ["demand-forecasting", "pricing", "recommendations", "churn-prediction"];

const spaceId = (seq) => Buffer.from(`Space:${seq}`).toString("base64");

/** Creates a temporary directory and, in it, the sandbox's demo data file; returns both paths. */
export async function demoData() {
  const dir = await mkdtemp(join(tmpdir(), "arize-bench-"));
  const file = join(dir, "demo.json");
  const sandbox = await startSandbox(file);
  await sandbox.kill();
  return { dir, demo: JSON.parse(await readFile(file, "utf8")) };
}

/** Writes a data file with exactly `count` spaces into `dir`; returns its path. */
export async function writeSpaces(dir, demo, count) {
  const state = structuredClone(demo);
  if (count < state.spaces.length) {
    const ranked = [...state.spaces].sort(
      (a, b) => Number(!KEEP_FIRST.includes(a.name)) - Number(!KEEP_FIRST.includes(b.name)),
    );
    const kept = new Set(ranked.slice(0, count).map((s) => s.id));
    state.spaces = state.spaces.filter((s) => kept.has(s.id));
    state.spaceMemberships = state.spaceMemberships.filter((m) => kept.has(m.spaceId));
    state.contents = (state.contents ?? []).filter((c) => kept.has(c.spaceId));
  }
  let seq = state.lastSequence.Space;
  const start = Date.parse("2025-09-01T00:00:00Z");
  for (let i = state.spaces.length; i < count; i++) {
    seq += 1;
    const org = state.organizations[i % state.organizations.length];
    state.spaces.push({
      id: spaceId(seq),
      name: `${TEAMS[i % TEAMS.length]}-${KINDS[Math.floor(i / TEAMS.length) % KINDS.length]}-${i}`,
      description: DESCRIPTIONS[Math.floor(i / 3) % DESCRIPTIONS.length],
      createdAt: new Date(start + i * 60_000).toISOString().replace(".000Z", "Z"),
      isPrivate: i % 9 === 0,
      organizationId: org.id,
    });
  }
  state.lastSequence.Space = seq;
  const file = join(dir, `spaces-${count}.json`);
  await writeFile(file, JSON.stringify(state));
  return file;
}

export async function removeDir(dir) {
  await rm(dir, { recursive: true, force: true });
}
