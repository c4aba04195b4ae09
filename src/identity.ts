import { VERSION } from "./version.js";

/**
 * Who this server is, as both protocol eras announce it (initialize, server/discover). A 2026-07-28
 * server stamps this on every result, so it stays small: the icon is the bundle's icon.png by URL, not
 * inline data (which would add a kilobyte to every answer).
 */
export const SERVER_IDENTITY = {
  name: "arize-ax-spaces-mcp",
  title: "Arize AX Spaces",
  version: VERSION,
  websiteUrl: "https://github.com/Arize-ai/arize-ax-spaces-mcp",
  icons: [
    {
      src: "https://raw.githubusercontent.com/Arize-ai/arize-ax-spaces-mcp/main/icon.png",
      mimeType: "image/png",
      sizes: ["512x512"],
    },
  ],
};

/** The logger name of the server's MCP log messages and of its own log lines. */
export const LOGGER = SERVER_IDENTITY.name;
