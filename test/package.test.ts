import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, posix } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED } from "../src/sandbox/index.js";
import { connectStdio } from "./support/child.js";
import { filesUnder, nodeModulesAbove } from "./support/files.js";
import { textOf } from "./support/mcp.js";
import { ROOT, readManifest } from "./support/mcpb.js";

// What `npm publish` would upload and `npx -y arize-ax-spaces-mcp` would install, made the way a release is:
// a fresh clone (dist/ is not in git, so `prepack` must build it), `npm pack`, then an install of the
// tarball into an empty folder with an empty cache and --offline, which fails if any dependency had to be
// fetched. The clone is of HEAD plus the working tree's uncommitted changes (tracked and untracked), so the
// test checks the code in front of it. It shares this checkout's node_modules (a symlink) instead of running
// its own `npm ci`: the same lockfile would install the same tree, CI's `npm ci` already proves that it
// installs, and it would cost tens of seconds. Packing this checkout's already-built dist/ would be cheaper
// still, but would not prove that a clean checkout builds what it ships.

const NAME = "arize-ax-spaces-mcp";
const MAX_INSTALLED_BYTES = 1_500_000;
/** The packages bundled into dist/ (their code runs from dist/, so the package does not depend on them). */
const BUNDLED = ["@modelcontextprotocol/server", "@modelcontextprotocol/core", "undici", "zod"];

/** Without npm's per-run variables (this may run under `npm test`), so each npm sees only its own folder. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^npm_(config|package|lifecycle)_/i.test(name)),
);

function run(command: string, args: string[], cwd: string, input?: string): string {
  const result = spawnSync(command, args, { cwd, env, input, encoding: "utf8", maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

/** The .js files reachable from `entry` through static and dynamic relative imports. */
function loadedFrom(root: string, entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(root, file), "utf8");
    for (const [, spec] of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.\.?\/[^"']+\.js)["']/g)) {
      if (spec) queue.push(posix.normalize(posix.join(posix.dirname(file), spec)));
    }
  }
  return [...seen].sort();
}

interface PackResult {
  filename: string;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

describe("the npm package, packed from a fresh clone and installed offline into an empty folder", () => {
  let work: string;
  let clone: string;
  let app: string;
  let installed: string;
  let packed: PackResult;
  let distBeforePack: boolean;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), `${NAME}-package-test-`));
    clone = join(work, "clone");
    const head = run("git", ["rev-parse", "HEAD"], ROOT).trim();
    run("git", ["clone", "--quiet", "--no-checkout", ROOT, clone], work);
    run("git", ["checkout", "--quiet", "--detach", head], clone);
    const changes = run("git", ["diff", "HEAD", "--binary"], ROOT);
    if (changes) run("git", ["apply", "--binary", "--whitespace=nowarn", "-"], clone, changes);
    for (const file of run("git", ["ls-files", "--others", "--exclude-standard", "-z"], ROOT).split("\0")) {
      if (!file) continue;
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(ROOT, file), join(clone, file));
    }
    symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"), "junction");
    distBeforePack = existsSync(join(clone, "dist"));

    // --json keeps stdout to the result; prepack's build logs to stderr.
    const [result] = JSON.parse(
      run("npm", ["pack", "--json", "--pack-destination", work], clone),
    ) as PackResult[];
    if (!result) throw new Error("npm pack --json gave no result");
    packed = result;

    app = join(work, "app");
    mkdirSync(app);
    run(
      "npm",
      [
        "install",
        "--offline",
        "--cache",
        join(work, "empty-cache"),
        "--no-audit",
        "--no-fund",
        join(work, packed.filename),
      ],
      app,
    );
    installed = join(app, "node_modules", NAME);
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("is built by prepack from a clean checkout, which has no dist/", () => {
    expect(distBeforePack).toBe(false);
    expect(run("git", ["ls-files", "dist"], clone)).toBe("");
    expect(packed.files.map((f) => f.path)).toContain("dist/cli.js");
  });

  it("ships dist/cli.js, the chunks it loads, LICENSE and the third-party notices: nothing else", () => {
    // dist/package.json says only {"type": "module"}: dist/ is ES modules wherever it is copied.
    const files = packed.files.map((f) => f.path).sort();
    const chunks = files.filter((f) => f.startsWith("dist/chunks/"));
    expect(chunks.length).toBeGreaterThan(0);
    expect(files).toEqual(
      [
        "LICENSE",
        "README.md",
        "dist/THIRD_PARTY_NOTICES.txt",
        "dist/cli.js",
        "dist/package.json",
        ...chunks,
        "package.json",
      ].sort(),
    );
    // Every chunk is imported, statically or with import(), from dist/cli.js or a chunk it imports.
    expect(loadedFrom(installed, "dist/cli.js")).toEqual(files.filter((f) => f.endsWith(".js")));
  });

  it("installs offline as one package of at most 1.5 MB, with no dependencies", () => {
    const lock = JSON.parse(readFileSync(join(app, "package-lock.json"), "utf8")) as {
      packages: Record<string, unknown>;
    };
    expect(Object.keys(lock.packages)).toEqual(["", `node_modules/${NAME}`]);
    expect(readdirSync(join(app, "node_modules")).filter((d) => !d.startsWith("."))).toEqual([NAME]);
    const pkg = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as Record<string, unknown>;
    for (const field of ["dependencies", "optionalDependencies", "peerDependencies", "bundleDependencies"]) {
      expect(pkg[field], field).toBeUndefined();
    }
    const bytes = filesUnder(installed).reduce((sum, f) => sum + statSync(join(installed, f)).size, 0);
    expect(bytes).toBe(packed.unpackedSize);
    expect(bytes).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
    // Node resolves bare imports from every parent folder's node_modules: only the app's own may exist.
    expect(nodeModulesAbove(app)).toEqual([join(app, "node_modules")]);
  });

  it("ships the license of every package it bundles, and the notices esbuild found in their code", () => {
    expect(readFileSync(join(installed, "LICENSE"), "utf8")).toBe(
      readFileSync(join(ROOT, "LICENSE"), "utf8"),
    );
    const notices = readFileSync(join(installed, "dist/THIRD_PARTY_NOTICES.txt"), "utf8");
    for (const name of BUNDLED) expect(notices).toMatch(new RegExp(`^${name}@\\d+\\.\\d+\\.\\d+ \\(`, "m"));
    const version = (name: string) =>
      (
        JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as {
          version: string;
        }
      ).version;
    for (const name of ["undici", "zod"]) expect(notices).toContain(`${name}@${version(name)} (MIT)`);
    // Code that undici and the SDK embed from others, kept by esbuild as legal comments.
    for (const text of ["formdata-polyfill", "ws. MIT License", "content-type"])
      expect(notices).toContain(text);
  });

  describe("its bin, run with --sandbox", () => {
    let client: Client;
    let stderr: () => string;

    beforeAll(async () => {
      // As npx does: the bin link in node_modules/.bin, started by its #! line with the `node` on PATH.
      ({ client, stderr } = await connectStdio(
        {
          command: join(app, "node_modules", ".bin", NAME),
          args: ["--sandbox"],
          cwd: app,
          env: { PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}` },
        },
        "package-test",
      ));
    }, 60_000);

    afterAll(async () => {
      await client?.close();
    });

    it("lists the tools manifest.json lists", async () => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(readManifest().tools?.map((t) => t.name));
    });

    it("calls list_spaces against the embedded sandbox", async () => {
      const result = await client.callTool({ name: "list_spaces", arguments: { organization: "Acme ML" } });
      expect(result.isError ?? false, `${textOf(result)}\n${stderr()}`).toBe(false);
      expect(textOf(result)).toContain(SEED.spaces.fraudModels.id);
    });
  });
});
