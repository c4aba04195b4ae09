import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit.js";

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("RateLimiter", () => {
  it("allows a burst of the per-minute limit, then says when the next token comes", () => {
    const c = clock();
    const limiter = new RateLimiter(60, c.now);
    for (let i = 0; i < 60; i++) expect(limiter.take("a")).toEqual({ ok: true });
    expect(limiter.take("a")).toEqual({ ok: false, retryAfterSeconds: 1 });
    c.advance(1000);
    expect(limiter.take("a")).toEqual({ ok: true });
    expect(limiter.take("a").ok).toBe(false);
  });

  it("counts clients separately", () => {
    const c = clock();
    const limiter = new RateLimiter(2, c.now);
    expect(limiter.take("a").ok).toBe(true);
    expect(limiter.take("a").ok).toBe(true);
    expect(limiter.take("a")).toEqual({ ok: false, retryAfterSeconds: 30 });
    expect(limiter.take("b").ok).toBe(true);
  });

  it("refills evenly and never above the limit", () => {
    const c = clock();
    const limiter = new RateLimiter(6, c.now);
    for (let i = 0; i < 6; i++) limiter.take("a");
    c.advance(25_000); // 2.5 tokens
    expect(limiter.take("a", 3)).toEqual({ ok: false, retryAfterSeconds: 5 });
    c.advance(5_000);
    expect(limiter.take("a", 3)).toEqual({ ok: true });
    c.advance(3_600_000);
    for (let i = 0; i < 6; i++) expect(limiter.take("a").ok).toBe(true);
    expect(limiter.take("a").ok).toBe(false);
  });

  it("a refused call costs nothing", () => {
    const c = clock();
    const limiter = new RateLimiter(1, c.now);
    limiter.take("a");
    for (let i = 0; i < 10; i++) expect(limiter.take("a").ok).toBe(false);
    c.advance(60_000);
    expect(limiter.take("a").ok).toBe(true);
  });

  it("remembers a bounded number of clients", () => {
    const c = clock();
    const limiter = new RateLimiter(1, c.now, 3);
    for (const client of ["a", "b", "c", "d"]) limiter.take(client);
    expect(limiter.clients).toBe(3);
    // "a" was forgotten (least recently seen), so it starts with a full bucket again.
    expect(limiter.take("a").ok).toBe(true);
    expect(limiter.take("d").ok).toBe(false);
  });
});
