import { describe, expect, it } from "vitest";
import { decodeId, encodeId, idSequence } from "./ids.js";

describe("encodeId", () => {
  it("is standard base64 with padding of `<Type>:<n>`, like the API's IDs", () => {
    expect(encodeId("Space", 12345)).toBe("U3BhY2U6MTIzNDU=");
    expect(encodeId("User", 12345)).toBe("VXNlcjoxMjM0NQ==");
    expect(encodeId("Organization", 12345)).toBe("T3JnYW5pemF0aW9uOjEyMzQ1");
  });
});

describe("decodeId", () => {
  it("reads the API's example IDs, including keys that contain colons", () => {
    expect(decodeId("U3BhY2U6MTIzNDU=")).toEqual({ type: "Space", key: "12345" });
    expect(decodeId("U3BhY2U6MTp1Rk4x")).toEqual({ type: "Space", key: "1:uFN1" });
    expect(decodeId("Um9sZToxOlY0S2E=")).toEqual({ type: "Role", key: "1:V4Ka" });
  });

  it.each([
    ["empty", ""],
    ["not base64", "fraud-models"],
    ["unpadded", "U3BhY2U6MQ"],
    ["URL-safe alphabet", "U3BhY2U6MT-_"],
    ["no colon inside", "Zm9vYmFy"],
    ["no type before the colon", Buffer.from(":12").toString("base64")],
    ["no key after the colon", Buffer.from("Space:").toString("base64")],
    ["non-canonical trailing bits", "U3BhY2U6MR=="],
  ])("rejects %s", (_label, raw) => {
    expect(decodeId(raw)).toBeUndefined();
  });
});

describe("idSequence", () => {
  it("is the number minted into the ID, or NaN for foreign IDs", () => {
    expect(idSequence(encodeId("Space", 42))).toBe(42);
    expect(idSequence("U3BhY2U6MTp1Rk4x")).toBeNaN();
    expect(idSequence("nonsense")).toBeNaN();
  });
});
