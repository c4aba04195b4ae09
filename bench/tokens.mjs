// Tokens (o200k_base, js-tiktoken) of what the model reads: the tools/list entries (the JSON of each listed
// tool, and of the whole list), the instructions, and list_spaces text per space at limit 25 and 100.
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { benchEnv, CLI, callTool, log, startSandbox, startStdioServer } from "./lib.mjs";

export const TOOLS_BUDGET = 1800;

const encoder = new Tiktoken(o200k);
export const countTokens = (text) => encoder.encode(text).length;

export async function tokens({ dataFile }) {
  const sandbox = await startSandbox(dataFile);
  const server = await startStdioServer(
    CLI,
    [],
    benchEnv({ ARIZE_BASE_URL: sandbox.url, ARIZE_API_KEY: "bench-key" }),
  );
  try {
    const { tools } = await server.rpc.request("tools/list", {});
    const perTool = tools.map((tool) => ({
      name: tool.name,
      tokens: countTokens(JSON.stringify(tool)),
      descriptionTokens: countTokens(tool.description ?? ""),
    }));
    const total = countTokens(JSON.stringify(tools));
    const instructions = countTokens(server.init.instructions ?? "");
    const lists = [];
    for (const limit of [25, 100]) {
      const result = await callTool(server.rpc, "list_spaces", { limit });
      const count = result.structuredContent.spaces.length;
      if (count !== limit) throw new Error(`list_spaces limit ${limit} returned ${count} spaces; seed more`);
      const text = countTokens(result.content[0].text);
      const structured = countTokens(JSON.stringify(result.structuredContent));
      lists.push({ limit, textTokens: text, perSpace: text / count, structuredPerSpace: structured / count });
    }
    log(
      `tokens: tools/list ${total} (${tools.length} tools), list_spaces ${lists.map((l) => `${l.perSpace.toFixed(1)}/space at ${l.limit}`).join(", ")}`,
    );
    return { total, budget: TOOLS_BUDGET, toolCount: tools.length, perTool, instructions, lists };
  } finally {
    await server.kill();
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
