import { describe, expect, it } from "vitest";
import {
  createBody,
  EMPTY_FORM,
  formFromServer,
  type McpServerFields,
  parseToolList,
  sameTools,
  toggleTool,
  updateBody,
} from "./mcp-form";
import { formatLatency, lastTestedIso, statusView } from "./server-status";

const stored: McpServerFields = {
  label: "calc",
  url: "https://calc.example/mcp",
  auth_type: "bearer",
  header_name: null,
  allowed_tools: ["add", "echo"],
  rate_limit_per_min: 100,
};

describe("createBody", () => {
  it("builds the API body for a server without auth, whitelist parsed from the text", () => {
    const result = createBody({
      ...EMPTY_FORM,
      label: " calc ",
      url: " http://127.0.0.1:8787/mcp ",
      allowed_tools: "add,\n echo add",
    });
    expect(result).toEqual({
      ok: true,
      body: {
        label: "calc",
        url: "http://127.0.0.1:8787/mcp",
        auth_type: "none",
        allowed_tools: ["add", "echo"],
        rate_limit_per_min: 100,
      },
    });
  });

  it("sends the header name and token only for the auth types that use them", () => {
    const header = createBody({
      ...EMPTY_FORM,
      label: "gh",
      url: "https://x.example/mcp",
      auth_type: "header",
      header_name: "X-Api-Key",
      token: "s3cret",
      rate_limit_per_min: "10",
    });
    expect(header.ok && header.body).toMatchObject({
      header_name: "X-Api-Key",
      token: "s3cret",
      rate_limit_per_min: 10,
    });
    const bearer = createBody({
      ...EMPTY_FORM,
      label: "gh",
      url: "https://x.example/mcp",
      auth_type: "bearer",
      header_name: "X",
      token: "t",
    });
    expect(bearer.ok && "header_name" in bearer.body).toBe(false);
    const none = createBody({ ...EMPTY_FORM, label: "gh", url: "https://x.example/mcp", token: "leftover" });
    expect(none.ok && "token" in none.body).toBe(false);
  });

  it("names every bad field instead of sending", () => {
    const result = createBody({
      ...EMPTY_FORM,
      label: "My Server",
      url: "not a url",
      auth_type: "header",
      header_name: "has space",
      token: "",
      rate_limit_per_min: "1.5",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["header_name", "label", "rate_limit_per_min", "token", "url"]);
    expect(result.errors.token).toBe("Enter the token the server expects");
  });

  it("refuses URLs that are not http(s) and labels that are too long", () => {
    const result = createBody({ ...EMPTY_FORM, label: "a".repeat(41), url: "ftp://x.example/" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.url).toBe("The URL must start with https://");
    expect(result.errors.label).toMatch(/up to 40/);
  });

  it("refuses the reserved label and tool names the API would reject", () => {
    const result = createBody({ ...EMPTY_FORM, label: "builtin", url: "https://x.example", allowed_tools: "add, rm*" });
    expect(!result.ok && result.errors).toEqual({
      label: "“builtin” is reserved for the built-in tools",
      allowed_tools: "“rm*” is not a tool name (letters, digits, _ . -)",
    });
    const slash = createBody({ ...EMPTY_FORM, label: "x", url: "https://x.example", allowed_tools: "a/b" });
    expect(!slash.ok && slash.errors.allowed_tools).toBe("“a/b” is not a tool name (letters, digits, _ . -)");
  });

  it("asks for a header name when the header auth type has none", () => {
    const result = createBody({ ...EMPTY_FORM, label: "x", url: "https://x.example", auth_type: "header", token: "t" });
    expect(!result.ok && result.errors.header_name).toBe("Enter the header's name");
  });
});

describe("updateBody", () => {
  it("sends nothing when nothing changed, and never asks to retype a stored token", () => {
    const form = formFromServer(stored);
    expect(form.token).toBe("");
    expect(form.allowed_tools).toBe("add, echo");
    expect(updateBody(form, stored)).toEqual({ ok: true, body: {} });
    expect(updateBody({ ...form, allowed_tools: "echo add" }, stored)).toEqual({ ok: true, body: {} });
  });

  it("sends only the changed fields, and a new token when one was typed", () => {
    const form = { ...formFromServer(stored), url: "https://calc2.example/mcp", token: "new", allowed_tools: "add" };
    expect(updateBody(form, stored)).toEqual({
      ok: true,
      body: { url: "https://calc2.example/mcp", token: "new", allowed_tools: ["add"] },
    });
  });

  it("requires a token when switching to an auth type that needs one", () => {
    const noneServer: McpServerFields = { ...stored, auth_type: "none" };
    const form = { ...formFromServer(noneServer), auth_type: "header" as const, header_name: "X-Key" };
    const result = updateBody(form, noneServer);
    expect(!result.ok && result.errors.token).toBe("Enter the token the server expects");
    expect(updateBody({ ...form, token: "k" }, noneServer)).toEqual({
      ok: true,
      body: { auth_type: "header", header_name: "X-Key", token: "k" },
    });
  });

  it("drops the stored token and header name when auth is switched off", () => {
    const headerServer: McpServerFields = { ...stored, auth_type: "header", header_name: "X-Key" };
    expect(updateBody({ ...formFromServer(headerServer), auth_type: "none" }, headerServer)).toEqual({
      ok: true,
      body: { auth_type: "none", header_name: null, token: null },
    });
  });

  it("can empty the whitelist (the server then refuses every tool)", () => {
    expect(updateBody({ ...formFromServer(stored), allowed_tools: "" }, stored)).toEqual({
      ok: true,
      body: { allowed_tools: [] },
    });
  });
});

describe("whitelist helpers", () => {
  it("parses, toggles and compares tool lists", () => {
    expect(parseToolList("  ")).toEqual([]);
    expect(toggleTool(["add", "echo"], "add", false)).toEqual(["echo"]);
    expect(toggleTool(["add"], "add", true)).toEqual(["add"]);
    expect(sameTools(["a", "b"], ["b", "a"])).toBe(true);
    expect(sameTools(["a"], ["a", "b"])).toBe(false);
  });
});

describe("statusView", () => {
  it("shows online with latency, offline and never-tested servers", () => {
    expect(statusView({ status: "online", latency_ms: 41.6 })).toEqual({ tone: "ok", text: "online · 42 ms" });
    expect(statusView({ status: "online", latency_ms: null })).toEqual({ tone: "ok", text: "online" });
    expect(statusView({ status: "offline", latency_ms: 12 })).toEqual({ tone: "error", text: "offline" });
    expect(statusView({ status: "unknown", latency_ms: null })).toEqual({ tone: "neutral", text: "unknown" });
  });

  it("formats latency and the last test time", () => {
    expect(formatLatency(1530)).toBe("1.5 s");
    expect(formatLatency(999.4)).toBe("999 ms");
    expect(lastTestedIso(null)).toBeNull();
    expect(lastTestedIso(Date.UTC(2026, 0, 2))).toBe("2026-01-02T00:00:00.000Z");
  });
});
