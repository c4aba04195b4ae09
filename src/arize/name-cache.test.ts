import { describe, expect, it } from "vitest";
import { NameCaches } from "./name-cache.js";

describe("NameCaches", () => {
  it("keeps one cache per key, dropping the least recently used beyond 100 keys", () => {
    const caches = new NameCaches();
    const a = caches.for("a");
    const b = caches.for("b");
    expect(caches.for("a")).toBe(a);
    for (let i = 0; i < 99; i++) caches.for(`k${i}`);
    expect(caches.for("a")).toBe(a); // used more recently than b
    expect(caches.for("b")).not.toBe(b);
  });
});
