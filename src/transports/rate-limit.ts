/**
 * Per-client token buckets: each client may burst up to `perMinute` calls, refilled evenly over a
 * minute. In memory and per process: each replica counts its own clients.
 */

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Clients remembered at most; the least recently seen is forgotten first (it had the most time to refill). */
const DEFAULT_MAX_CLIENTS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxClients = DEFAULT_MAX_CLIENTS,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes `cost` tokens from `client`'s bucket, or says in how many whole seconds enough will be there. */
  take(client: string, cost = 1): RateDecision {
    const now = this.now();
    const previous = this.buckets.get(client);
    const tokens = previous
      ? Math.min(this.perMinute, previous.tokens + (now - previous.updatedAt) * this.perMs)
      : this.perMinute;
    // Re-inserting keeps the map in least-recently-seen order.
    this.buckets.delete(client);
    if (tokens >= cost) {
      this.buckets.set(client, { tokens: tokens - cost, updatedAt: now });
      this.forgetOldest();
      return { ok: true };
    }
    this.buckets.set(client, { tokens, updatedAt: now });
    this.forgetOldest();
    const missing = Math.min(cost, this.perMinute) - tokens;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / this.perMs / 1000)) };
  }

  get clients(): number {
    return this.buckets.size;
  }

  private forgetOldest(): void {
    while (this.buckets.size > this.maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) return;
      this.buckets.delete(oldest);
    }
  }
}
