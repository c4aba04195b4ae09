import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { describe, expect, it } from "vitest";
import { tools as registry } from "../src/tools/index.js";
import { connect } from "./support/mcp.js";

/*
 * The tools/list answer is paid in every conversation's context. These budgets fail the suite when a
 * change bloats it (o200k tokens, the encoding of current OpenAI models; Claude's differs by a few %).
 */
const TOTAL_BUDGET = 1_800;
/** A tool may take up to 1.5x an even share of the total. */
const PER_TOOL_BUDGET = Math.floor((TOTAL_BUDGET / registry.length) * 1.5);
/** Descriptions say what the tool does, what it needs and what to call next, in a sentence or two. */
const DESCRIPTION_BUDGET = 60;

const encoder = new Tiktoken(o200k);
const tokens = (value: unknown) =>
  encoder.encode(typeof value === "string" ? value : JSON.stringify(value)).length;

describe("token budget of tools/list", async () => {
  const mcp = await connect();
  const { tools } = await mcp.client.listTools();
  await mcp.close();

  it(`stays within ${TOTAL_BUDGET} tokens in all`, () => {
    expect(tools).toHaveLength(registry.length);
    expect(tokens({ tools })).toBeLessThanOrEqual(TOTAL_BUDGET);
  });

  it.each(tools.map((t) => [t.name, t] as const))("%s stays within its share", (_name, tool) => {
    expect(tokens(tool)).toBeLessThanOrEqual(PER_TOOL_BUDGET);
    expect(tokens(tool.description)).toBeLessThanOrEqual(DESCRIPTION_BUDGET);
  });
});
