import { isIPv4, isIPv6 } from "node:net";

/**
 * The client as per-client limits count it: an IPv4 address, or the /64 an IPv6 address belongs to
 * (one host usually holds a whole /64, so counting single IPv6 addresses would give it endless buckets).
 * IPv4-mapped IPv6 addresses (::ffff:1.2.3.4) count as their IPv4 address.
 */
export function clientGroup(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(address) || !isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
}

/** "2001:db8::1" -> the eight groups, each as a lower-case number without leading zeros. */
function expandIPv6(address: string): string[] {
  const [head = "", tail] = address.toLowerCase().split("%")[0]?.split("::") ?? [""];
  const parts = (s: string | undefined) => (s ? s.split(":") : []);
  let left = parts(head);
  let right = parts(tail);
  // An embedded IPv4 tail (::ffff:0:1.2.3.4, 64:ff9b::1.2.3.4) is two groups.
  const v4 = (groups: string[]) => {
    const last = groups.at(-1);
    if (!last?.includes(".")) return groups;
    const [a, b, c, d] = last.split(".").map(Number) as [number, number, number, number];
    return [...groups.slice(0, -1), ((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
  };
  left = v4(left);
  right = v4(right);
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((g) => Number.parseInt(g, 16).toString(16));
}
