// Name resolution: API requests the server makes to resolve a space name (get_space {space: NAME}) with
// 10, 1,000 and 10,000 spaces in the sandbox. A counting proxy sits between the MCP server and the sandbox.
import { Agent, createServer, request } from "node:http";
import { benchEnv, CLI, callTool, log, startSandbox, startStdioServer } from "./lib.mjs";

/** A name that no other space's name contains (a demo space). */
export const UNIQUE_NAME = "demand-forecasting";
/** A name that about one in ten generated names contains (pricing-evals-13, ...). */
export const COMMON_NAME = "pricing";
/** A demo space that list_spaces shows first, so its organization is known when it is resolved. */
export const LISTED_NAME = "churn-prediction";

/** Requests by what they were for: the name or ID lookup, the organization list, placing a space in one. */
function classify(requests) {
  const orgs = requests.filter((r) => r.startsWith("GET /v2/organizations")).length;
  // Placing looks a space's name up in one organization: both filters.
  const placing = requests.filter(
    (r) => r.startsWith("GET /v2/spaces?") && r.includes("org_id=") && r.includes("name="),
  ).length;
  return { total: requests.length, lookup: requests.length - orgs - placing, orgs, placing };
}

/** Forwards every request to `target` and records "METHOD /path?query" of each. */
async function countingProxy(target) {
  const agent = new Agent({ keepAlive: true });
  const { hostname, port } = new URL(target);
  const seen = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = request(
      { agent, hostname, port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    take: () => seen.splice(0),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
}

/** The MCP server over stdio, its API requests counted by a proxy in front of a sandbox with `dataFile`. */
async function serverBehindCountingProxy(dataFile) {
  const sandbox = await startSandbox(dataFile);
  const proxy = await countingProxy(sandbox.url);
  const server = await startStdioServer(
    CLI,
    [],
    benchEnv({ ARIZE_BASE_URL: proxy.url, ARIZE_API_KEY: "bench-key" }),
  );
  const stop = async () => {
    await server.kill();
    await proxy.close();
    await sandbox.kill();
  };
  return { sandbox, proxy, server, stop };
}

export async function resolveNames({ dataFiles }) {
  const rows = [];
  for (const [spaces, dataFile] of dataFiles) {
    const { sandbox, proxy, server, stop } = await serverBehindCountingProxy(dataFile);
    try {
      const resolveOnce = async (name) => {
        proxy.take();
        const result = await callTool(server.rpc, "get_space", { space: name });
        if (result.structuredContent.name !== name) throw new Error(`get_space ${name}: wrong space`);
        return proxy.take();
      };
      const first = await resolveOnce(UNIQUE_NAME);
      const again = await resolveOnce(UNIQUE_NAME);
      await callTool(server.rpc, "list_spaces", { name: LISTED_NAME });
      const listed = await resolveOnce(LISTED_NAME);
      const common = await resolveOnce(COMMON_NAME);
      const containing = await countContaining(sandbox.url, COMMON_NAME);
      const afterRename = await renamedElsewhere(server, sandbox.url, proxy);
      rows.push({
        spaces,
        unique: first.length,
        uniqueParts: classify(first),
        cached: again.length,
        listed: listed.length,
        common: common.length,
        commonParts: classify(common),
        commonContaining: containing,
        afterRename,
        requests: { unique: first, cached: again, listed, common },
      });
      log(
        `resolve with ${spaces} spaces: unique ${first.length}, cached ${again.length}, listed ${listed.length}, ` +
          `"${COMMON_NAME}" (in ${containing} names) ${common.length}, after a rename elsewhere: ${afterRename.outcome}`,
      );
    } finally {
      await stop();
    }
  }
  return { uniqueName: UNIQUE_NAME, commonName: COMMON_NAME, listedName: LISTED_NAME, rows };
}

/**
 * Another client renames the cached space (straight at the API, within the 30 s cache); the old name must
 * then no longer resolve to it. Outcome "stale" means the server answered with the renamed space.
 */
async function renamedElsewhere(server, apiUrl, proxy) {
  const id = (await callTool(server.rpc, "get_space", { space: UNIQUE_NAME })).structuredContent.id;
  const res = await fetch(`${apiUrl}/v2/spaces/${encodeURIComponent(id)}`, {
    method: "PATCH",
    headers: { authorization: "Bearer bench-key", "content-type": "application/json" },
    body: JSON.stringify({ name: `${UNIQUE_NAME}-old` }),
  });
  if (!res.ok) throw new Error(`rename: HTTP ${res.status}`);
  proxy.take();
  const result = await server.rpc.request("tools/call", {
    name: "get_space",
    arguments: { space: UNIQUE_NAME },
  });
  const requests = proxy.take().length;
  const outcome = result.isError ? "not found" : result.structuredContent.id === id ? "stale" : "other space";
  return { outcome, requests };
}

/** How many space names contain `name` (read directly from the sandbox, not counted). */
async function countContaining(url, name) {
  let count = 0;
  let cursor;
  do {
    const query = new URLSearchParams({ name, limit: "100", ...(cursor && { cursor }) });
    const res = await fetch(`${url}/v2/spaces?${query}`, { headers: { authorization: "Bearer bench-key" } });
    const body = await res.json();
    count += body.spaces.length;
    cursor = body.pagination.has_more ? body.pagination.next_cursor : undefined;
  } while (cursor);
  return count;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { demoData, writeSpaces, removeDir } = await import("./seed.mjs");
  const { dir, demo } = await demoData();
  try {
    const dataFiles = [];
    for (const n of [10, 1000, 10_000]) dataFiles.push([n, await writeSpaces(dir, demo, n)]);
    console.log(JSON.stringify(await resolveNames({ dataFiles }), null, 2));
  } finally {
    await removeDir(dir);
  }
}

/** What each tool costs in API requests, in the order an agent might call them, on one fresh server. */
export const COST_CALLS = [
  ["list_spaces", {}, "first call: the organization list, then each organization's spaces"],
  ["list_spaces", {}, "again (organization list cached)"],
  ["list_spaces", { organization: "Globex" }, "one organization"],
  ["get_space", { space: "recommendations" }, "a name listed before: organization known"],
  ["get_space", { space: "recommendations", contents: true }, "with contents (name cached)"],
  ["update_space", { space: "recommendations", description: "bench" }, "name cached"],
  ["add_space_user", { space: "recommendations", user: "carol.nguyen@acme.example", role: "member" }, ""],
  [
    "add_space_user",
    { space: "recommendations", user: "dan.okafor@acme.example", role: "admin" },
    "annotator rule: refused",
  ],
  ["remove_space_user", { space: "recommendations", user: "carol.nguyen@acme.example" }, ""],
  ["delete_space", { space: "search-ranking", dryRun: true }, "dry run (612 datasets: counted to 500+)"],
  ["list_users", { email: "acme" }, ""],
  ["list_users", { name: "farid" }, "name: read page by page"],
  ["list_organizations", {}, ""],
];

export async function toolCosts({ dataFile }) {
  const { proxy, server, stop } = await serverBehindCountingProxy(dataFile);
  try {
    const rows = [];
    for (const [tool, args, note] of COST_CALLS) {
      proxy.take();
      const result = await server.rpc.request("tools/call", { name: tool, arguments: args });
      const requests = proxy.take();
      rows.push({
        tool,
        args,
        note,
        error: result.isError === true,
        ...classify(requests),
        writes: requests.filter((r) => !r.startsWith("GET")).length,
      });
    }
    log(`request cost: ${rows.map((r) => `${r.tool} ${r.total}`).join(", ")}`);
    return { rows };
  } finally {
    await stop();
  }
}
