/** Kept equal to package.json's version by a test (test/registry.test.ts). */
export const VERSION = "0.1.0";
export const USER_AGENT = `arize-ax-spaces-mcp/${VERSION}`;
