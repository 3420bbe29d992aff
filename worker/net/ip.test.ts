import { describe, expect, it } from "vitest";
import { classifyIp, formatIPv6, type IpCategory, parseIPv4, parseIPv6, parseIp } from "./ip";

const LOOPBACK = 0x7f00_0001;

describe("parseIPv4", () => {
  it.each([
    ["127.0.0.1"],
    ["127.1"],
    ["127.0.1"],
    ["2130706433"],
    ["0177.0.0.1"],
    ["0x7f.1"],
    ["0x7f000001"],
    ["0X7F.0x0.0x0.0x1"],
    ["017700000001"],
    ["00000177.0.0.01"],
    ["127.0.0.1."],
  ])("reads %s as 127.0.0.1", (text) => {
    expect(parseIPv4(text)).toBe(LOOPBACK);
  });

  it.each([
    ["256.0.0.1"],
    ["1.2.3.4.5"],
    ["09.0.0.1"],
    ["4294967296"],
    ["127.16777216"],
    ["1.2.3.."],
    ["1..2.3"],
    [""],
    ["example.com"],
    ["0x1g"],
    ["+1.2.3.4"],
    [" 1.2.3.4"],
  ])("rejects %j", (text) => {
    expect(parseIPv4(text)).toBeNull();
  });

  it("reads the largest short forms", () => {
    expect(parseIPv4("255.16777215")).toBe(0xffff_ffff);
    expect(parseIPv4("4294967295")).toBe(0xffff_ffff);
    expect(parseIPv4("0x")).toBe(0);
    expect(parseIPv4("1.2.3.")).toBe(0x0102_0003); // short form with a trailing dot, as WHATWG reads it
  });
});

describe("parseIPv6", () => {
  it.each([
    ["::1", 1n],
    ["[::1]", 1n],
    ["0:0:0:0:0:0:0:1", 1n],
    ["::", 0n],
    ["::ffff:127.0.0.1", 0xffff_7f00_0001n],
    ["::ffff:7f00:1", 0xffff_7f00_0001n],
    ["0000:0000:0000:0000:0000:FFFF:7F00:0001", 0xffff_7f00_0001n],
    ["fe80::1%eth0", (0xfe80n << 112n) | 1n],
    ["[fe80::1%25eth0]", (0xfe80n << 112n) | 1n],
    ["1::", 1n << 112n],
  ])("reads %s", (text, value) => {
    expect(parseIPv6(text)).toBe(value);
  });

  it.each([
    ["1:2:3:4:5:6:7:8:9"],
    ["1::2::3"],
    ["12345::"],
    ["::ffff:1.2.3"],
    ["::ffff:01.2.3.4"],
    ["1:2:3:4:5:6:7"],
    ["127.0.0.1"],
    ["g::1"],
    [":1"],
  ])("rejects %j", (text) => {
    expect(parseIPv6(text)).toBeNull();
  });

  it("formats canonically (RFC 5952)", () => {
    expect(formatIPv6(parseIPv6("2001:0db8:0000:0000:0001:0000:0000:0001") ?? 0n)).toBe("2001:db8::1:0:0:1");
    expect(formatIPv6(parseIPv6("::ffff:127.0.0.1") ?? 0n)).toBe("::ffff:7f00:1");
    expect(formatIPv6(parseIPv6("1:0:2:0:3:0:4:0") ?? 0n)).toBe("1:0:2:0:3:0:4:0");
    expect(formatIPv6(0n)).toBe("::");
  });
});

function categoryOf(text: string): IpCategory {
  const ip = parseIp(text);
  if (ip === null) throw new Error(`not an IP: ${text}`);
  return classifyIp(ip).category;
}

describe("classifyIp", () => {
  it.each<[string, IpCategory]>([
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.255", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.0.1", "private"],
    ["169.254.0.1", "link_local"],
    ["169.254.169.254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["100.100.100.200", "metadata"],
    ["168.63.129.16", "metadata"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.255", "cgnat"],
    ["100.128.0.1", "public"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.255", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
    ["192.0.2.1", "documentation"],
    ["198.51.100.1", "documentation"],
    ["203.0.113.1", "documentation"],
    ["192.0.0.8", "reserved"],
    ["2606:4700:4700::1111", "public"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["fe80::1", "link_local"],
    ["febf::1", "link_local"],
    ["fec0::1", "private"],
    ["ff02::1", "multicast"],
    ["fd00:ec2::254", "metadata"],
    ["2001:db8::1", "documentation"],
    ["3fff::1", "documentation"],
    ["2001:2::1", "benchmarking"],
    ["2001::1", "reserved"],
    ["100::1", "reserved"],
    ["64:ff9b:1::1", "private"],
    ["4000::1", "reserved"],
  ])("%s is %s", (text, category) => {
    expect(categoryOf(text)).toBe(category);
  });

  it.each<[string, IpCategory, string]>([
    ["::ffff:127.0.0.1", "loopback", "127.0.0.1"],
    ["::ffff:a9fe:a9fe", "metadata", "169.254.169.254"],
    ["::ffff:10.0.0.1", "private", "10.0.0.1"],
    ["::127.0.0.1", "loopback", "127.0.0.1"],
    ["::ffff:0:10.0.0.1", "private", "10.0.0.1"],
    ["64:ff9b::10.0.0.1", "private", "10.0.0.1"],
    ["64:ff9b::a9fe:a9fe", "metadata", "169.254.169.254"],
    ["2002:7f00:1::", "loopback", "127.0.0.1"],
    ["2002:c0a8:101::1", "private", "192.168.1.1"],
  ])("%s embeds IPv4 and is %s", (text, category, ipv4) => {
    const ip = parseIp(text);
    expect(ip).not.toBeNull();
    const verdict = classifyIp(ip!);
    expect(verdict.category).toBe(category);
    expect(verdict.embedded?.ipv4).toBe(ipv4);
  });

  it("lets public IPv4 through the routable embeddings only", () => {
    expect(categoryOf("::ffff:8.8.8.8")).toBe("public");
    expect(categoryOf("64:ff9b::8.8.8.8")).toBe("public");
    expect(categoryOf("2002:808:808::1")).toBe("public");
    // IPv4-compatible and SIIT forms are not routable on the public internet.
    expect(categoryOf("::8.8.8.8")).toBe("reserved");
    expect(categoryOf("::ffff:0:8.8.8.8")).toBe("reserved");
  });
});
