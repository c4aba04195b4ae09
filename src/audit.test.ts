import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { type AuditEntry, AuditLog } from "./audit.js";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const entry = (i: number, size: number): AuditEntry => ({
  time: "2026-12-01T00:00:00Z",
  call: `call-${i}`,
  phase: "outcome",
  outcome: "done",
  tool: "create_space",
  args: { name: `space-${i}`, description: "x".repeat(size) },
});

it("writes concurrent appends whole and in the order they were made", async () => {
  dir = await mkdtemp(join(tmpdir(), "audit-"));
  const file = join(dir, "audit.jsonl");
  const log = new AuditLog(file);
  // Sizes vary so that, were appends not queued, a later short one could land before an earlier long one.
  await Promise.all(Array.from({ length: 60 }, (_, i) => log.append(entry(i, i % 2 ? 20 : 60_000))));
  const lines = (await readFile(file, "utf8")).trimEnd().split("\n");
  expect(lines.map((line) => (JSON.parse(line) as AuditEntry).call)).toEqual(
    Array.from({ length: 60 }, (_, i) => `call-${i}`),
  );
});
