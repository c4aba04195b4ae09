import { VERSION } from "./version.js";

/**
 * The bundle's icon (icon.png, drawn by scripts/icon.mjs) as a small SVG: it travels inside every
 * server/discover answer, where the 42 KiB PNG would not be worth its bytes.
 */
const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="#7c3aed"/><stop offset="1" stop-color="#2563eb"/></linearGradient></defs><rect x="8" y="8" width="496" height="496" rx="112" fill="url(#g)"/><g fill="#fff" fill-opacity=".96"><rect x="104" y="104" width="136" height="136" rx="30"/><rect x="272" y="104" width="136" height="136" rx="30"/><rect x="104" y="272" width="136" height="136" rx="30"/></g><rect x="279" y="279" width="122" height="122" rx="23" fill="none" stroke="#fff" stroke-opacity=".96" stroke-width="14"/></svg>';

/** Who this server is, as both protocol eras announce it (initialize and server/discover). */
export const SERVER_IDENTITY = {
  name: "arize-ax-spaces-mcp",
  title: "Arize AX Spaces",
  version: VERSION,
  description: "Manage Arize AX spaces and who can use them.",
  websiteUrl: "https://github.com/Arize-ai/arize-ax-spaces-mcp",
  icons: [
    {
      src: `data:image/svg+xml;base64,${Buffer.from(ICON_SVG).toString("base64")}`,
      mimeType: "image/svg+xml",
      sizes: ["any"],
    },
  ],
};
