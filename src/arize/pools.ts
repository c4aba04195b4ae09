import type { Dispatcher } from "undici";

/** One connection pool per API origin, shared by every client of the process. */
const pools = new Map<string, Dispatcher>();

export async function poolFor(origin: string): Promise<Dispatcher> {
  let pool = pools.get(origin);
  if (!pool) {
    // undici is imported on first use: a server that only lists its tools never pays for it.
    const { createPool } = await import("./pool.js");
    pool = createPool(origin);
    pools.set(origin, pool);
  }
  return pool;
}

/** Closes the shared connection pools (graceful shutdown). */
export async function closeConnectionPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}
