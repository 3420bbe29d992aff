import { describe, expect, it } from "vitest";
import { checkServerUrl, parseOrgServers } from "./config";

describe("checkServerUrl", () => {
  const table: [string, boolean, boolean][] = [
    // url, loopback setting, accepted
    ["https://mcp.example.com/mcp", false, true],
    ["https://127.0.0.1/mcp", false, true], // https passes here; the network policy blocks the address
    ["http://mcp.example.com/mcp", false, false],
    ["http://mcp.example.com/mcp", true, false],
    ["http://127.0.0.1:8080/mcp", false, false],
    ["http://127.0.0.1:8080/mcp", true, true],
    ["http://localhost:8080/mcp", true, true],
    ["http://[::1]:8080/mcp", true, true],
    ["http://10.0.0.1/mcp", true, false],
    ["ftp://mcp.example.com/", true, false],
    ["https://user:pw@mcp.example.com/", false, false],
    ["https://mcp.example.com/mcp?api_key=abc", false, false],
    ["https://mcp.example.com/mcp?access_token=abc", false, false],
    ["https://mcp.example.com/mcp?workspace=acme", false, true],
    ["not a url", true, false],
  ];
  for (const [url, allowLoopback, ok] of table) {
    it(`${ok ? "accepts" : "refuses"} ${url} (loopback ${allowLoopback ? "on" : "off"})`, () => {
      const refusal = checkServerUrl(url, { allowLoopback });
      expect(refusal === null).toBe(ok);
      if (refusal) expect(refusal.message.length).toBeGreaterThan(10);
    });
  }
  it("says how to enable local servers when loopback is off", () => {
    expect(checkServerUrl("http://127.0.0.1/mcp", { allowLoopback: false })?.message).toContain(
      "ALLOW_LOOPBACK_TARGETS",
    );
  });
});

describe("parseOrgServers", () => {
  it("reads valid servers and reports invalid, reserved and repeated ones", () => {
    const { servers, warnings } = parseOrgServers(
      JSON.stringify([
        { label: "docs", url: "https://docs.example.com/mcp", allowed_tools: ["search"] },
        { label: "Bad Label", url: "https://x", allowed_tools: [] },
        { label: "builtin", url: "https://x", allowed_tools: [] },
        { label: "docs", url: "https://other", allowed_tools: [] },
        { label: "gh", url: "https://gh.example.com/mcp", allowed_tools: ["a"], auth_type: "bearer", token_env: "GH" },
      ]),
    );
    expect(servers.map((s) => s.label)).toEqual(["docs", "gh"]);
    expect(servers[0]?.auth_type).toBe("none");
    expect(servers[1]?.token_env).toBe("GH");
    expect(warnings).toHaveLength(3);
  });
  it("treats empty or malformed configuration as no servers", () => {
    expect(parseOrgServers("[]")).toEqual({ servers: [], warnings: [] });
    expect(parseOrgServers(undefined).servers).toEqual([]);
    expect(parseOrgServers("{").warnings[0]).toContain("not valid JSON");
    expect(parseOrgServers("{}").warnings[0]).toContain("JSON array");
  });
});
