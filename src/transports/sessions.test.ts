import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SessionRegistry } from "./sessions.js";

function registry(maxSessions = 2, idleMs = 1000) {
  const closed: string[] = [];
  const sessions = new SessionRegistry<string>({
    maxSessions,
    idleMs,
    close: async (value) => {
      closed.push(value);
    },
  });
  return { sessions, closed };
}

describe("SessionRegistry", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("caps live sessions, counting those being initialized", () => {
    const { sessions } = registry(2);
    expect(sessions.reserve()).toBe(true);
    sessions.add("a", "A");
    sessions.release();
    expect(sessions.reserve()).toBe(true);
    expect(sessions.reserve()).toBe(false);
    sessions.release();
    expect(sessions.reserve()).toBe(true);
    sessions.add("b", "B");
    sessions.release();
    expect(sessions.reserve()).toBe(false);
    sessions.remove("a");
    expect(sessions.reserve()).toBe(true);
  });

  it("closes a session after the idle period, counted from its last request", () => {
    const { sessions, closed } = registry(10, 1000);
    const a = sessions.add("a", "A");
    vi.advanceTimersByTime(800);
    sessions.begin(a);
    sessions.end(a);
    vi.advanceTimersByTime(800);
    expect(closed).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(closed).toEqual(["A"]);
    expect(sessions.get("a")).toBeUndefined();
    expect(sessions.size).toBe(0);
  });

  it("never expires a session while a request is in flight", () => {
    const { sessions, closed } = registry(10, 1000);
    const a = sessions.add("a", "A");
    sessions.begin(a);
    vi.advanceTimersByTime(10_000);
    expect(closed).toEqual([]);
    sessions.end(a);
    vi.advanceTimersByTime(1001);
    expect(closed).toEqual(["A"]);
  });

  it("an open GET stream is activity when it opens and closes, not in between", () => {
    const { sessions, closed } = registry(10, 1000);
    const a = sessions.add("a", "A");
    vi.advanceTimersByTime(900);
    sessions.touch(a);
    vi.advanceTimersByTime(900);
    expect(closed).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(closed).toEqual(["A"]);
  });

  it("says when a place may free up", () => {
    const { sessions } = registry(2, 60_000);
    const a = sessions.add("a", "A");
    sessions.add("b", "B");
    sessions.begin(a);
    vi.advanceTimersByTime(20_000);
    expect(sessions.retryAfterSeconds()).toBe(40);
  });

  it("closeAll closes every session once and stops their timers", async () => {
    const { sessions, closed } = registry(10, 1000);
    sessions.add("a", "A");
    sessions.add("b", "B");
    await sessions.closeAll();
    vi.advanceTimersByTime(5000);
    expect(closed.sort()).toEqual(["A", "B"]);
    expect(sessions.size).toBe(0);
  });
});
