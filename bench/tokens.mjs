// Tokens (o200k_base, js-tiktoken) of what the model reads: the tools/list entries (the JSON of each listed
// tool, and of the whole list) as a 2026-07-28 client and as a 2025 client receive them, the instructions,
// and list_spaces text per space at limit 25 and 100. Also the bytes each era puts on the wire around the
// same answers (2026-07-28 results carry the server's identity in `_meta`).
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { benchEnv, CLI, callTool, ERAS, log, startSandbox, startStdioServer } from "./lib.mjs";

export const TOOLS_BUDGET = 1800;

const encoder = new Tiktoken(o200k);
export const countTokens = (text) => encoder.encode(text).length;
const bytes = (value) => Buffer.byteLength(JSON.stringify(value));

/** tools/list and list_spaces as a client of `era` sees them. */
async function measureEra(era, env) {
  const server = await startStdioServer(CLI, [], env, era);
  try {
    const listResult = await server.rpc.request("tools/list", {});
    const { tools } = listResult;
    const perTool = tools.map((tool) => ({
      name: tool.name,
      tokens: countTokens(JSON.stringify(tool)),
      descriptionTokens: countTokens(tool.description ?? ""),
    }));
    const lists = [];
    let callBytes;
    for (const limit of [25, 100]) {
      const result = await callTool(server.rpc, "list_spaces", { limit });
      const count = result.structuredContent.spaces.length;
      if (count !== limit) throw new Error(`list_spaces limit ${limit} returned ${count} spaces; seed more`);
      const text = countTokens(result.content[0].text);
      const structured = countTokens(JSON.stringify(result.structuredContent));
      lists.push({ limit, textTokens: text, perSpace: text / count, structuredPerSpace: structured / count });
      if (limit === 25) callBytes = bytes(result);
    }
    return {
      era,
      tools,
      total: countTokens(JSON.stringify(tools)),
      toolCount: tools.length,
      perTool,
      instructions: countTokens(server.init.instructions ?? ""),
      lists,
      // What is sent beside the tools (2026-07-28: resultType, ttlMs, cacheScope, _meta.serverInfo).
      listBytes: bytes(listResult),
      toolsBytes: bytes(tools),
      callBytes,
      metaBytes: listResult._meta ? bytes(listResult._meta) : 0,
      cache:
        listResult.ttlMs === undefined
          ? undefined
          : { ttlMs: listResult.ttlMs, scope: listResult.cacheScope },
    };
  } finally {
    await server.kill();
  }
}

export async function tokens({ dataFile }) {
  const sandbox = await startSandbox(dataFile);
  const env = benchEnv({ ARIZE_BASE_URL: sandbox.url, ARIZE_API_KEY: "bench-key" });
  try {
    const eras = {};
    for (const era of ERAS) eras[era] = await measureEra(era, env);
    const [first, ...others] = ERAS.map((era) => eras[era]);
    const sameTools = others.every((e) => JSON.stringify(e.tools) === JSON.stringify(first.tools));
    for (const e of Object.values(eras)) delete e.tools;
    const total = Math.max(...Object.values(eras).map((e) => e.total));
    for (const e of Object.values(eras)) {
      log(
        `tokens ${e.era}: tools/list ${e.total} (${e.toolCount} tools, ${e.listBytes} bytes on the wire), ` +
          `list_spaces ${e.lists.map((l) => `${l.perSpace.toFixed(1)}/space at ${l.limit}`).join(", ")}, ` +
          `list_spaces(25) result ${e.callBytes} bytes`,
      );
    }
    return { ...first, total, budget: TOOLS_BUDGET, sameTools, eras };
  } finally {
    await sandbox.kill();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { demoData, writeSpaces, removeDir } = await import("./seed.mjs");
  const { dir, demo } = await demoData();
  try {
    console.log(JSON.stringify(await tokens({ dataFile: await writeSpaces(dir, demo, 120) }), null, 2));
  } finally {
    await removeDir(dir);
  }
}
