import { describe, expect, it } from "vitest";
import { loginRedirect, pathAfterOrgSwitch, safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it("keeps a path on this site, with its query and hash", () => {
    expect(safeNextPath("/settings/members")).toBe("/settings/members");
    expect(safeNextPath("/audit?action=auth.login_succeeded#top")).toBe("/audit?action=auth.login_succeeded#top");
  });
  it("refuses anything that could lead to another site", () => {
    for (const evil of [
      "https://evil.example",
      "//evil.example/x",
      "/\\evil.example",
      "javascript:alert(1)",
      "/\t/evil.example",
      "evil",
    ]) {
      expect(safeNextPath(evil)).toBe("/");
    }
  });
  it("falls back to the dashboard when missing, or when it would loop back to a sign-in page", () => {
    expect(safeNextPath(null)).toBe("/");
    expect(safeNextPath("")).toBe("/");
    expect(safeNextPath("/login?next=/x")).toBe("/");
    expect(safeNextPath("/invite/abc")).toBe("/");
    expect(safeNextPath("/register")).toBe("/");
    expect(safeNextPath("/login-help")).toBe("/login-help");
  });
});

describe("loginRedirect", () => {
  const at = (pathname: string, search = "", hash = "") => ({ pathname, search, hash });
  it("remembers where the visitor was going", () => {
    expect(loginRedirect(at("/audit", "?action=x"), "none")).toBe("/login?next=%2Faudit%3Faction%3Dx");
    expect(loginRedirect(at("/settings/members"), "expired")).toBe("/login?next=%2Fsettings%2Fmembers");
  });
  it("starts fresh after an explicit sign-out, and from the dashboard", () => {
    expect(loginRedirect(at("/settings/members"), "signed_out")).toBe("/login");
    expect(loginRedirect(at("/"), "none")).toBe("/login");
  });
});

describe("pathAfterOrgSwitch", () => {
  it("stays in the section but leaves pages about one thing of the old org", () => {
    expect(pathAfterOrgSwitch("/workflows/wf_1/edit")).toBe("/workflows");
    expect(pathAfterOrgSwitch("/runs")).toBe("/runs");
    expect(pathAfterOrgSwitch("/")).toBe("/");
  });
  it("keeps settings pages, which exist in every org", () => {
    expect(pathAfterOrgSwitch("/settings/api-keys")).toBe("/settings/api-keys");
    expect(pathAfterOrgSwitch("/settings")).toBe("/settings");
  });
});
