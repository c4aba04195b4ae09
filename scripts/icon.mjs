// Draws icon.png (512x512, the Claude Desktop bundle's icon): a violet-to-blue rounded square holding a
// 2x2 grid of "spaces", three filled and one outlined (room for another). Pure Node: node:zlib writes the PNG.
// Run: node scripts/icon.mjs [out.png]
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const SIZE = 512;
const out = process.argv[2] ?? "icon.png";

/** Signed distance from (x, y) to a rounded rectangle centred at (cx, cy); negative inside. */
function roundedRect(x, y, cx, cy, halfW, halfH, radius) {
  const qx = Math.abs(x - cx) - halfW + radius;
  const qy = Math.abs(y - cy) - halfH + radius;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Pixel coverage of a shape from its signed distance: a one-pixel anti-aliased edge. */
const cover = (d) => Math.min(Math.max(0.5 - d, 0), 1);
const mix = (a, b, t) => a + (b - a) * t;

const VIOLET = [124, 58, 237];
const BLUE = [37, 99, 235];
const tile = { size: 136, gap: 32, radius: 30, stroke: 14 };
const gridStart = (SIZE - (2 * tile.size + tile.gap)) / 2;

const pixels = Buffer.alloc(SIZE * SIZE * 4);
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const px = x + 0.5;
    const py = y + 0.5;
    const background = cover(roundedRect(px, py, SIZE / 2, SIZE / 2, SIZE / 2 - 8, SIZE / 2 - 8, 112));
    // Diagonal gradient, lighter towards the top for a little depth.
    const t = (px + py) / (2 * SIZE);
    const light = 0.1 * (1 - py / SIZE);
    let rgb = VIOLET.map((v, i) => mix(mix(v, BLUE[i] ?? v, t), 255, light));

    let glyph = 0;
    for (const [col, row] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ]) {
      const cx = gridStart + col * (tile.size + tile.gap) + tile.size / 2;
      const cy = gridStart + row * (tile.size + tile.gap) + tile.size / 2;
      const d = roundedRect(px, py, cx, cy, tile.size / 2, tile.size / 2, tile.radius);
      // The last tile is an outline: inside the edge band only.
      const shape =
        col === 1 && row === 1 ? cover(Math.abs(d + tile.stroke / 2) - tile.stroke / 2) : cover(d);
      glyph = Math.max(glyph, shape);
    }
    rgb = rgb.map((v) => mix(v, 255, glyph * 0.96));

    const i = (y * SIZE + x) * 4;
    pixels[i] = Math.round(rgb[0]);
    pixels[i + 1] = Math.round(rgb[1]);
    pixels[i + 2] = Math.round(rgb[2]);
    pixels[i + 3] = Math.round(background * 255);
  }
}

// PNG: signature, IHDR (RGBA, 8 bits), one IDAT of filter-0 rows, IEND.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8);
const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) pixels.copy(rows, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", header),
  chunk("IDAT", deflateSync(rows, { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
writeFileSync(out, png);
console.error(`${out}: ${SIZE}x${SIZE}, ${(png.length / 1024).toFixed(1)} KiB`);
