/** Builds the store from the data file (or the seed), and wires every change to an atomic save. */

import { readStateFile, SandboxDataError, StateWriter } from "./persist.js";
import { type SeedName, seedState } from "./seed.js";
import { SandboxStore } from "./store.js";

export interface OpenedStore {
  store: SandboxStore;
  /** Present when a data file is used. */
  writer: StateWriter | undefined;
}

export async function openStore(options: { dataFile?: string; seed?: SeedName }): Promise<OpenedStore> {
  const { dataFile } = options;
  const saved = dataFile === undefined ? undefined : await readStateFile(dataFile);
  let writer: StateWriter | undefined;
  const store = new SandboxStore(saved ?? seedState(options.seed ?? "demo"), {
    // HTTP writes also await writer.save(); this covers direct store calls from tests and benchmarks.
    onChange: () => void writer?.save().catch(() => {}),
  });
  if (dataFile === undefined) return { store, writer };
  writer = new StateWriter(dataFile, () => store.snapshot());
  // Saved once now, even when it exists, so a file that cannot be written stops start-up instead of every write.
  try {
    await writer.save();
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new SandboxDataError(
      `Sandbox data file ${dataFile} cannot be written (${reason}); choose a path this user can write, or make its folder writable.`,
      { cause: error },
    );
  }
  return { store, writer };
}
