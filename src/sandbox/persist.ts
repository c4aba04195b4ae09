/** The optional data file: load and validate it, and save the whole state atomically, one write at a time. */

import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { SandboxState } from "./records.js";
import { parseState } from "./state-schema.js";
import { SandboxStore, StoreError } from "./store.js";

/** The data file cannot be used; startSandbox rejects with this and leaves the file untouched. */
export class SandboxDataError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SandboxDataError";
  }
}

function dataError(file: string, problem: string, cause?: unknown): SandboxDataError {
  return new SandboxDataError(
    `Sandbox data file ${file} ${problem}. Fix the file, or remove it to start again from the seed data.`,
    { cause },
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The saved state, or undefined when the file does not exist. Throws SandboxDataError for anything else. */
export async function readStateFile(file: string): Promise<SandboxState | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw dataError(file, `cannot be read (${messageOf(error)})`, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // JSON.parse's message quotes the text; the file's contents stay out of the message.
    const at = /at position (\d+)/.exec(messageOf(error))?.[1];
    const before = at === undefined ? undefined : text.slice(0, Number(at)).split("\n");
    const where = before ? ` (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})` : "";
    throw dataError(file, `is not valid JSON${where}`, error);
  }
  let state: SandboxState;
  try {
    state = parseState(json);
  } catch (error) {
    throw dataError(file, `is not a valid sandbox data file (${messageOf(error)})`, error);
  }
  try {
    new SandboxStore(state);
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    throw dataError(file, `is inconsistent (${error.message})`, error);
  }
  return state;
}

let tempFileCount = 0;

/** Writes a sibling temp file, flushes it to disk, then renames it over `file`. */
async function writeStateFile(file: string, state: SandboxState): Promise<void> {
  tempFileCount += 1;
  const temp = `${file}.tmp-${process.pid}-${tempFileCount}`;
  try {
    await mkdir(dirname(file), { recursive: true });
    const handle = await open(temp, "w");
    try {
      await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Serializes saves of a changing state. Requests made while a save is waiting share it, and every save
 * snapshots the state when it starts, so a burst of changes costs at most two writes.
 */
export class StateWriter {
  private waiting: Promise<void> | undefined;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly snapshot: () => SandboxState,
  ) {}

  /** Resolves once the state as of now (or later) is on disk. */
  save(): Promise<void> {
    if (this.waiting) return this.waiting;
    const run = this.tail.then(() => {
      this.waiting = undefined;
      return writeStateFile(this.file, this.snapshot());
    });
    this.waiting = run;
    this.tail = run.catch(() => {});
    return run;
  }

  /** Resolves when no save is pending; failures were already reported to whoever awaited save(). */
  idle(): Promise<void> {
    return this.tail;
  }
}
