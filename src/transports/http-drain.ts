import type { Server } from "node:http";
import { setTimeout as delay } from "node:timers/promises";

/**
 * Graceful shutdown: once closing, new work is refused (the caller checks `active`), requests in flight
 * get up to `timeoutMs` to finish, then everything left is cut off.
 */
export class Drain {
  active = false;
  private pending = 0;

  constructor(private readonly timeoutMs: number) {}

  /** Counts a request in flight; call the returned function when it has ended. */
  begin(): () => void {
    this.pending++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.pending--;
    };
  }

  /** close() for the server: stop accepting, wait for the requests in flight, then `closeRest`. */
  closer(server: Server, closeRest: () => Promise<void>): () => Promise<void> {
    const closed = new Promise<void>((resolve) => server.once("close", () => resolve()));
    let closing: Promise<void> | undefined;
    const close = async () => {
      this.active = true;
      server.close();
      const deadline = performance.now() + this.timeoutMs;
      while (this.pending > 0 && performance.now() < deadline) {
        server.closeIdleConnections();
        await delay(25);
      }
      await closeRest();
      server.closeAllConnections();
      await closed;
    };
    return () => {
      closing ??= close();
      return closing;
    };
  }
}
