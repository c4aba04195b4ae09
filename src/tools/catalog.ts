import type { ToolAnnotations } from "./define.js";
import { tools } from "./index.js";
import { toolsListFor } from "./listing.js";

/** What start-up needs of a tool: its name, its hints and its tools/list entry. */
export interface ToolSummary {
  name: string;
  annotations: ToolAnnotations;
  listing: Record<string, unknown>;
}

/**
 * Every tool's summary, in registry order. The build replaces this module with the same values, computed
 * when it runs (scripts/build-plugins.mjs): a started server then loads the tools themselves, their
 * schemas and the HTTP client only when a call needs them.
 */
const listings = toolsListFor(tools);
export const catalog: readonly ToolSummary[] = tools.map((tool, i) => ({
  name: tool.name,
  annotations: tool.annotations,
  listing: listings[i] as Record<string, unknown>,
}));
