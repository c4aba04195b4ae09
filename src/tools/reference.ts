import type { ToolDefinition } from "./define.js";
import { tools as registry } from "./index.js";
import { toolsListFor } from "./listing.js";

/*
 * The tools reference (docs/TOOLS.md), rendered from the registry and the JSON Schema clients are sent,
 * so it cannot say anything tools/list does not. `npm run docs` writes it; a test fails when it differs.
 */

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A JSON Schema as a short type: `string`, `"a" \| "b"`, `string \| null`, `{ id: string }[]`. */
function typeOf(schema: Json, depth = 0): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(schema.anyOf))
    return schema.anyOf.map((s) => (isObject(s) ? typeOf(s, depth) : "?")).join(" | ");
  if (schema.type === "array") {
    const item = isObject(schema.items) ? typeOf(schema.items, depth) : "unknown";
    return item.includes(" | ") ? `(${item})[]` : `${item}[]`;
  }
  if (schema.type === "object" && isObject(schema.properties)) {
    const fields = Object.entries(schema.properties).map(
      ([name, s]) => `${name}: ${isObject(s) ? typeOf(s, depth + 1) : "unknown"}`,
    );
    return `{ ${fields.join(", ")} }`;
  }
  return typeof schema.type === "string" ? schema.type : "unknown";
}

/** Table cells hold no pipes or line breaks. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|").replace(/\s*\n\s*/g, " ");
}

/** A Markdown table with padded columns, as Biome formats one. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function hints(annotations: Json): string {
  const said = [
    annotations.readOnlyHint ? "read-only" : "writes",
    annotations.destructiveHint ? "**destructive**" : undefined,
    annotations.idempotentHint ? "idempotent" : undefined,
    annotations.openWorldHint ? "open world" : undefined,
  ];
  return said.filter(Boolean).join(", ");
}

function renderTool(listing: Json, access: string): string {
  const name = String(listing.name);
  const input = isObject(listing.inputSchema) ? listing.inputSchema : {};
  const properties = isObject(input.properties) ? input.properties : {};
  const required = new Set(Array.isArray(input.required) ? input.required : []);
  const rows = Object.entries(properties).map(([param, s]) => {
    const schema = isObject(s) ? s : {};
    const description = typeof schema.description === "string" ? schema.description : "";
    return [
      `\`${param}\``,
      cell(`\`${typeOf(schema)}\``),
      required.has(param) ? "yes" : "no",
      cell(description),
    ];
  });
  const output = isObject(listing.outputSchema) ? typeOf(listing.outputSchema) : "unknown";
  return [
    `## ${name}`,
    "",
    `**${listing.title}.** ${listing.description}`,
    "",
    `- Hints: ${hints(isObject(listing.annotations) ? listing.annotations : {})}`,
    `- Arize access needed: ${access}`,
    `- Result (\`structuredContent\`): ${cell(`\`${output}\``)}`,
    "",
    ...(rows.length > 0 ? table(["parameter", "type", "required", "description"], rows) : ["No parameters."]),
    "",
  ].join("\n");
}

/** The README's permissions table: each tool and the Arize access its key's user needs. */
function renderPermissionsTable(tools: readonly ToolDefinition[] = registry): string {
  const rows = tools.map((t) => [`\`${t.name}\``, cell(t.access.needs)]);
  return table(["tool", "the key's user needs"], rows).join("\n");
}

/** Markers around the generated permissions table in README.md. */
const PERMISSIONS_MARKERS = ["<!-- permissions:start -->", "<!-- permissions:end -->"] as const;

/** README.md with the text between the permissions markers replaced by the generated table. */
export function withPermissionsTable(readme: string, tools: readonly ToolDefinition[] = registry): string {
  const [start, end] = PERMISSIONS_MARKERS;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} ... ${end}`);
  return `${readme.slice(0, from + start.length)}\n${renderPermissionsTable(tools)}\n${readme.slice(to)}`;
}

export function renderToolsReference(tools: readonly ToolDefinition[] = registry): string {
  const listings = toolsListFor(tools);
  const index = listings.map((t) => `- [\`${t.name}\`](#${String(t.name)}): ${t.title}`);
  return [
    "# Tools reference",
    "",
    "<!-- Generated from src/tools/index.ts by `npm run docs`; a test fails when this file differs. Do not edit. -->",
    "",
    "Every tool of arize-ax-spaces-mcp, with each parameter as MCP clients receive it in `tools/list`. A",
    "parameter's description also states the limits that its JSON Schema leaves out (the server enforces",
    "them and names them when a value breaks one). `--read-only` and `--tools` offer a subset.",
    "",
    ...index,
    "",
    ...listings.map((listing, i) => renderTool(listing, tools[i]?.access.needs ?? "")),
  ].join("\n");
}
