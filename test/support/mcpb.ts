import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { getMcpConfigForManifest, type McpbManifestAny } from "@anthropic-ai/mcpb";

/** Shared by the manifest and bundle tests: the repository root, the mcpb CLI, and mcpb's own substitution. */

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export type Manifest = McpbManifestAny & {
  user_config: Record<string, { type: string; required?: boolean; default?: unknown; sensitive?: boolean }>;
};

export function readManifest(dir = ROOT): Manifest {
  return JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;
}

/** The CLI of the pinned @anthropic-ai/mcpb (what `npx @anthropic-ai/mcpb ...` runs). */
export const MCPB_CLI = join(
  dirname(createRequire(import.meta.url).resolve("@anthropic-ai/mcpb")),
  "cli",
  "cli.js",
);

/** The command, args and env a host builds from mcp_config for this user_config (mcpb's own code). */
export async function mcpConfigFor(
  manifest: Manifest,
  userConfig: Record<string, string | boolean>,
  extensionPath = ROOT,
) {
  const config = await getMcpConfigForManifest({
    manifest,
    extensionPath,
    systemDirs: {},
    userConfig,
    pathSeparator: sep,
  });
  if (!config) throw new Error("mcpb gave no mcp_config: a required user_config option is missing");
  return { command: config.command, args: config.args ?? [], env: config.env ?? {} };
}
