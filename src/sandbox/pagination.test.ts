import { describe, expect, it } from "vitest";
import { encodeId } from "./ids.js";
import { decodeCursor, encodeCursor, paginate } from "./pagination.js";

const items = [1, 2, 4, 7, 9].map((n) => ({ id: encodeId("Space", n) }));

describe("cursors", () => {
  it("round-trip and reject anything else", () => {
    expect(decodeCursor(encodeCursor(7))).toBe(7);
    expect(decodeCursor("")).toBeUndefined();
    expect(decodeCursor("abc")).toBeUndefined();
    expect(decodeCursor(Buffer.from('{"after":-1}').toString("base64url"))).toBeUndefined();
    expect(decodeCursor(Buffer.from('{"after":"3"}').toString("base64url"))).toBeUndefined();
  });
});

describe("paginate", () => {
  it("returns the first page and a cursor after its last item", () => {
    const page = paginate(items, { limit: 2, after: 0 });
    expect(page.items).toEqual(items.slice(0, 2));
    expect(page.pagination).toEqual({ has_more: true, next_cursor: encodeCursor(2) });
  });

  it("resumes after the cursor's sequence even when that item is gone", () => {
    const page = paginate(items, { limit: 2, after: 3 });
    expect(page.items).toEqual(items.slice(2, 4));
    expect(page.pagination.has_more).toBe(true);
  });

  it("ends without next_cursor", () => {
    // toStrictEqual: the key must be absent, not present with an undefined value.
    expect(paginate(items, { limit: 2, after: 7 })).toStrictEqual({
      items: items.slice(4),
      pagination: { has_more: false },
    });
    expect(paginate(items, { limit: 5, after: 0 }).pagination).toStrictEqual({ has_more: false });
    expect(paginate([], { limit: 5, after: 0 })).toStrictEqual({
      items: [],
      pagination: { has_more: false },
    });
  });
});
