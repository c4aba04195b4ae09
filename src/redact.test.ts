import { describe, expect, it } from "vitest";
import { REDACTED, Redactor } from "./redact.js";

const KEY = 'ak-7d1e/2f3a"4b5c-secret';

describe("Redactor", () => {
  const r = new Redactor([KEY, undefined, "short"]);

  it("removes the key as is, JSON-escaped, percent-encoded, and in any mix", () => {
    const escaped = JSON.stringify(KEY).slice(1, -1);
    const unicode = Array.from(KEY, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
    const mixed = KEY.replace("-", "\\u002D").replace("a", "%61").replace("/", "\\/");
    for (const form of [KEY, escaped, unicode, unicode.toUpperCase().replaceAll("\\U", "\\u"), mixed]) {
      expect(r.redact(`before ${form} after`)).toBe(`before ${REDACTED} after`);
    }
  });

  it("leaves short values and other text alone", () => {
    expect(r.redact("a short text")).toBe("a short text");
    expect(new Redactor([undefined]).empty).toBe(true);
  });

  it("redacts every string of a value, and adds keys with with()", () => {
    const both = r.with("per-request-key-0001");
    expect(both.redactDeep({ a: [KEY, 1, { b: "x per-request-key-0001" }], [KEY]: null })).toEqual({
      a: [REDACTED, 1, { b: `x ${REDACTED}` }],
      [REDACTED]: null,
    });
  });

  it("finds a key with quotes, backslashes or control characters anywhere in a value, and copies only then", () => {
    const odd = 'k\t"\\\n\u0001-odd-secret';
    const r2 = new Redactor([odd]);
    expect(r2.redactDeep({ deep: [{ name: `x${odd}y` }] })).toEqual({ deep: [{ name: `x${REDACTED}y` }] });
    expect(r2.redactDeep({ [odd]: 1 })).toEqual({ [REDACTED]: 1 });
    const clean = { deep: [{ name: "nothing secret" }] };
    expect(r2.redactDeep(clean)).toBe(clean);
  });
});
