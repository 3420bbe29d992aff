import { describe, expect, it } from "vitest";
import { formatDateTime, localInputToIso } from "./format";

describe("localInputToIso", () => {
  it("reads a datetime-local value as the viewer's local time and sends UTC", () => {
    const local = new Date(2026, 0, 15, 10, 30); // 10:30 local, whatever the zone
    expect(localInputToIso("2026-01-15T10:30")).toBe(local.toISOString());
  });
  it("is undefined for an empty or invalid value, so no filter is sent", () => {
    expect(localInputToIso("")).toBeUndefined();
    expect(localInputToIso("   ")).toBeUndefined();
    expect(localInputToIso("not a date")).toBeUndefined();
  });
});

describe("formatDateTime", () => {
  it("shows the fallback when there is no timestamp", () => {
    expect(formatDateTime(null, "never")).toBe("never");
    expect(formatDateTime(undefined)).toBe("—");
  });
  it("formats a timestamp in the viewer's locale, and shows a malformed one as it came", () => {
    const iso = "2026-01-15T10:30:00.000Z";
    expect(formatDateTime(iso)).toBe(new Date(iso).toLocaleString());
    expect(formatDateTime("garbage")).toBe("garbage");
  });
});
