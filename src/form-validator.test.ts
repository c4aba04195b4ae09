import { describe, expect, it } from "vitest";
import { formValidator } from "./form-validator.js";

describe("formValidator", () => {
  const check = formValidator.getValidator({
    type: "object",
    properties: { confirm: { type: "boolean" }, count: { type: "integer" } },
    required: ["confirm"],
  });

  it("accepts an answer of the right types", () => {
    expect(check({ confirm: true, count: 2 })).toEqual({
      valid: true,
      data: { confirm: true, count: 2 },
      errorMessage: undefined,
    });
  });

  it.each([
    [null, "the answer is not an object"],
    [{}, "confirm is required"],
    [{ confirm: "yes" }, "confirm must be of type boolean"],
    [{ confirm: true, count: 1.5 }, "count must be of type integer"],
  ])("refuses %j: %s", (input, message) => {
    expect(check(input)).toMatchObject({ valid: false, errorMessage: message });
  });
});
