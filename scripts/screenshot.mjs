// Takes docs/inspector.png, the README's picture: the MCP Inspector (a devDependency) on
// `node dist/cli.js --sandbox`, opened in headless Chromium and driven over the DevTools protocol to list
// the tools and call one. Not run in CI: it needs Debian's Chromium (apt-get install chromium).
//
//   npm run build && node scripts/screenshot.mjs [--chromium /usr/bin/chromium] [--out docs/inspector.png]
//
// Everything stays on 127.0.0.1: the Inspector, the server it starts, and the sandbox API behind it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { WebSocket } from "undici";

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const { values } = parseArgs({
  options: {
    chromium: { type: "string", default: "/usr/bin/chromium" },
    out: { type: "string", default: root("docs/inspector.png") },
  },
});
const INSPECTOR = root("node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js");
const CLI = root("dist/cli.js");
const WIDTH = 1400;
const HEIGHT = 900;

for (const [what, path, fix] of [
  ["Chromium", values.chromium, "apt-get install chromium, or pass --chromium PATH"],
  ["dist/cli.js", CLI, "npm run build"],
  ["the MCP Inspector", INSPECTOR, "npm ci"],
]) {
  if (!existsSync(path)) {
    console.error(`screenshot: ${what} is missing at ${path}; ${fix}`);
    process.exit(2);
  }
}

const children = [];
const scratch = await mkdtemp(join(tmpdir(), "arize-screenshot-"));

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `check` until it returns a value, at most `tries` times, `ms` apart. */
async function waitFor(what, check, { tries = 100, ms = 200 } = {}) {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value) return value;
    await sleep(ms);
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** The Inspector's web UI with `node dist/cli.js --sandbox` as its server; resolves to its URL with token. */
async function startInspector() {
  const child = spawn(process.execPath, [INSPECTOR, "--web", process.execPath, CLI, "--sandbox"], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: join(scratch, "home"),
      CLIENT_PORT: String(await freePort()),
      MCP_SANDBOX_PORT: String(await freePort()),
      MCP_AUTO_OPEN_ENABLED: "false",
      MCP_INSPECTOR_SECRET_STORE: "memory",
      NO_COLOR: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    output += chunk;
  });
  return waitFor(
    "the Inspector's URL",
    () => /(http:\/\/127\.0\.0\.1:\d+\S*MCP_INSPECTOR_API_TOKEN=\w+)/.exec(output)?.[1],
  );
}

/** Headless Chromium with a fresh profile and no background traffic; resolves to its DevTools port. */
async function startChromium() {
  const profile = join(scratch, "chromium");
  const child = spawn(
    values.chromium,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      `--window-size=${WIDTH},${HEIGHT}`,
      "about:blank",
    ],
    { stdio: "ignore" },
  );
  children.push(child);
  const file = join(profile, "DevToolsActivePort");
  const text = await waitFor("Chromium's DevTools port", async () =>
    existsSync(file) ? readFile(file, "utf8").catch(() => undefined) : undefined,
  );
  return Number(text.split("\n")[0]);
}

/** A minimal DevTools protocol session on the first page. */
async function devtools(port) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const page = targets.find((t) => t.type === "page");
  const socket = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", reject, { once: true });
  });
  let next = 0;
  const pending = new Map();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data));
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  /** Runs an expression in the page and returns its value. */
  const evaluate = async (expression) => {
    const { result, exceptionDetails } = await send("Runtime.evaluate", {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  };
  return { send, evaluate, close: () => socket.close() };
}

/** Clicks the visible element whose text or aria-label is `label` (the innermost match), or answers false. */
const clickScript = (label) => `(() => {
  const label = ${JSON.stringify(label)};
  const candidates = [...document.querySelectorAll("button, [role=tab], [role=button], a, li, span, div, p")]
    .filter((el) => el.offsetParent !== null && (el.innerText?.trim() === label || el.getAttribute("aria-label") === label));
  const el = candidates.at(-1);
  if (!el) return false;
  (el.closest("button, [role=tab], [role=button], a") ?? el).click();
  return true;
})()`;

const pageText = "document.body ? document.body.innerText : ''";

try {
  const url = await startInspector();
  const page = await devtools(await startChromium());
  await page.send("Page.enable");
  await page.send("Emulation.setDeviceMetricsOverride", {
    width: WIDTH,
    height: HEIGHT,
    deviceScaleFactor: 1,
    mobile: false,
  });
  await page.send("Page.navigate", { url });
  const click = (label) => waitFor(`"${label}" to click`, () => page.evaluate(clickScript(label)));
  const shows = (text) =>
    waitFor(`the page to show "${text}"`, async () => (await page.evaluate(pageText)).includes(text));

  // The server card's switch connects; then the Tools tab, one tool, and its Execute button.
  await waitFor("the connect switch", () =>
    page.evaluate(`(() => { const s = document.querySelector("[role=switch]"); s?.click(); return !!s; })()`),
  );
  await shows("Connected");
  await click("Tools");
  await click("Close monitoring sidebar"); // more room for the result
  await click("list_spaces");
  await click("Execute Tool");
  await shows("fraud-models");
  await sleep(500); // let the result's panel finish its layout before the picture
  const { data } = await page.send("Page.captureScreenshot", { format: "png" });
  await writeFile(values.out, Buffer.from(data, "base64"));
  console.error(`screenshot: wrote ${values.out}`);
  page.close();
} catch (err) {
  console.error(`screenshot: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  for (const child of children) child.kill("SIGTERM");
  await sleep(300);
  await rm(scratch, { recursive: true, force: true });
}
