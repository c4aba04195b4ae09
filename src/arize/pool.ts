import { Pool } from "undici";

/** One keep-alive connection pool for an API origin. Imported on first use only (see client.ts). */
export function createPool(origin: string): Pool {
  return new Pool(origin, { connections: 16, keepAliveTimeout: 30_000 });
}
