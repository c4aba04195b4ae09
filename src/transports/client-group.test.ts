import { describe, expect, it } from "vitest";
import { clientGroup } from "./client-group.js";

describe("clientGroup", () => {
  it("keeps an IPv4 address, and an IPv4-mapped one as IPv4", () => {
    expect(clientGroup("203.0.113.7")).toBe("203.0.113.7");
    expect(clientGroup("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("groups every IPv6 address of a /64 together, whatever its spelling", () => {
    const group = "2001:db8:0:1::/64";
    for (const address of [
      "2001:db8:0:1::1",
      "2001:0db8:0000:0001:ffff:ffff:ffff:ffff",
      "2001:DB8:0:1:a:b:c:d",
    ]) {
      expect(clientGroup(address)).toBe(group);
    }
    expect(clientGroup("2001:db8:0:2::1")).not.toBe(group);
    expect(clientGroup("::1")).toBe("0:0:0:0::/64");
    expect(clientGroup("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });
});
