import { describe, expect, it } from "vitest";
import { parseTimeZone } from "./timezone";

describe("parseTimeZone", () => {
  it.each(["Europe/Berlin", "America/Sao_Paulo", "UTC", "Etc/GMT+3"])("accepts %s as is", (zone) => {
    expect(parseTimeZone(zone)).toEqual({ ok: true, timezone: zone });
  });

  it("fixes the case of a known zone and trims it", () => {
    expect(parseTimeZone("  europe/berlin ")).toEqual({ ok: true, timezone: "Europe/Berlin" });
  });

  it("keeps a valid link name as written rather than swapping in another city", () => {
    expect(parseTimeZone("Asia/Calcutta")).toEqual({ ok: true, timezone: "Asia/Calcutta" });
  });

  it.each([
    ["Mars/Olympus", /Unknown time zone "Mars\/Olympus": use an IANA name such as "Europe\/Berlin"/],
    ["UTC+1", /Unknown time zone "UTC\+1"/],
    ["+01:00", /"\+01:00" is a UTC offset, not a time zone/],
    ["-03:00", /UTC offset/],
    ["", /A time zone is required/],
    ["A".repeat(65), /too long/],
  ])("refuses %j with invalid_timezone", (zone, message) => {
    const parsed = parseTimeZone(zone);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe("invalid_timezone");
    expect(parsed.error.message).toMatch(message);
  });
});
