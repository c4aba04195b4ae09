import { PassThrough, Writable } from "node:stream";
import type { JSONRPCMessage } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { StdioWire } from "./stdio.js";

/** A wire over two in-memory streams, with everything it delivers, writes, reports and whether it closed. */
async function open() {
  const input = new PassThrough();
  const written: unknown[] = [];
  const output = new PassThrough();
  output.setEncoding("utf8");
  output.on("data", (chunk: string) => {
    for (const line of chunk.split("\n")) if (line) written.push(JSON.parse(line));
  });
  const wire = new StdioWire(input, output);
  const received: JSONRPCMessage[] = [];
  const errors: Error[] = [];
  let closed = false;
  wire.onmessage = (m) => received.push(m);
  wire.onerror = (e) => errors.push(e);
  wire.onclose = () => {
    closed = true;
  };
  await wire.start();
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { input, wire, received, written, errors, closed: () => closed, settle };
}

const ping = (id: number) => ({ jsonrpc: "2.0", id, method: "ping" });

describe("StdioWire", () => {
  it("takes a message split across chunks, even inside a multi-byte character, and CRLF line ends", async () => {
    const w = await open();
    const line = Buffer.from(
      `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_space", arguments: { space: "Zürich—ML" } } })}\r\n`,
    );
    const cut = line.indexOf(Buffer.from("ü")) + 1; // between the two bytes of ü
    w.input.write(line.subarray(0, cut));
    w.input.write(line.subarray(cut));
    w.input.write(`${JSON.stringify(ping(2))}\r\n${JSON.stringify(ping(3))}\n`);
    await w.settle();
    expect(w.received).toEqual([
      {
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "get_space", arguments: { space: "Zürich—ML" } },
      },
      ping(2),
      ping(3),
    ]);
    expect(w.errors).toEqual([]);
  });

  it("skips a line that is not JSON, and reports JSON that is not JSON-RPC without delivering it", async () => {
    const w = await open();
    w.input.write(`not json\n\n${JSON.stringify({ hello: "world" })}\n${JSON.stringify(ping(4))}\n`);
    await w.settle();
    expect(w.received).toEqual([ping(4)]);
    expect(w.errors).toHaveLength(1);
    expect(w.written).toEqual([]);
  });

  it("refuses a batch -32600 until the connection negotiates a version that allows batches", async () => {
    const w = await open();
    const batch = `${JSON.stringify([ping(5), ping(6)])}\n`;
    w.input.write(batch);
    await w.settle();
    expect(w.received).toEqual([]);
    expect(w.written).toEqual([
      { jsonrpc: "2.0", id: null, error: { code: -32600, message: expect.stringContaining("batches") } },
    ]);

    w.wire.setProtocolVersion("2025-11-25");
    w.input.write(batch);
    await w.settle();
    expect(w.received).toEqual([]);
    expect(w.written).toHaveLength(2);

    w.wire.setProtocolVersion("2025-03-26");
    w.input.write(batch);
    w.input.write("[]\n");
    await w.settle();
    expect(w.received).toEqual([ping(5), ping(6)]);
    expect(w.written).toHaveLength(3); // the empty batch is still refused
  });

  it("closes the connection on a line over the size limit, delivering nothing", async () => {
    const w = await open();
    const chunk = "x".repeat(1024 * 1024);
    for (let i = 0; i < 11; i++) w.input.write(chunk);
    w.input.write(`\n${JSON.stringify(ping(7))}\n`);
    await w.settle();
    expect(w.closed()).toBe(true);
    expect(w.errors.map((e) => e.message)).toEqual([expect.stringContaining("closing the connection")]);
    expect(w.received).toEqual([]);
    await expect(w.wire.send(ping(8) as JSONRPCMessage)).rejects.toThrow("closed");
  });

  it("closes when the input ends", async () => {
    const w = await open();
    w.input.end(`${JSON.stringify(ping(9))}\n`);
    await w.settle();
    expect(w.received).toEqual([ping(9)]);
    expect(w.closed()).toBe(true);
  });

  it("waits for a full output to drain before a send resolves", async () => {
    const chunks: string[] = [];
    let release: () => void = () => {};
    const output = new Writable({
      highWaterMark: 8,
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        release = done;
      },
    });
    const wire = new StdioWire(new PassThrough(), output);
    await wire.start();
    let sent = false;
    const sending = wire.send(ping(10) as JSONRPCMessage).then(() => {
      sent = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual([`${JSON.stringify(ping(10))}\n`]);
    expect(sent).toBe(false);
    release();
    await sending;
    expect(sent).toBe(true);
  });
});
