import { describe, expect, it } from "vitest";
import { formatInZone, inZone, timeZoneOptions } from "./time-zones";

describe("timeZoneOptions", () => {
  it("always offers UTC and the selected zone, sorted without duplicates", () => {
    expect(timeZoneOptions(["Europe/Berlin", "Asia/Tokyo", "Europe/Berlin"], "America/New_York")).toEqual([
      "America/New_York",
      "Asia/Tokyo",
      "Europe/Berlin",
      "UTC",
    ]);
  });

  it("keeps a saved zone this browser doesn't list, so saving again doesn't change it", () => {
    expect(timeZoneOptions([], "Europe/Kyiv")).toEqual(["Europe/Kyiv", "UTC"]);
  });

  it("ignores an empty selection", () => {
    expect(timeZoneOptions(["UTC"], "  ")).toEqual(["UTC"]);
  });
});

describe("formatInZone", () => {
  it("shows an instant as wall-clock time in the zone, DST included", () => {
    expect(formatInZone("2026-11-23T08:00:00.000Z", "Europe/Berlin")).toBe("Mon 2026-11-23 09:00");
    expect(formatInZone("2026-07-01T07:00:00.000Z", "Europe/Berlin")).toBe("Wed 2026-07-01 09:00");
    expect(formatInZone("2026-07-01T07:00:00.000Z", "UTC")).toBe("Wed 2026-07-01 07:00");
  });

  it("uses a 24-hour clock with midnight as 00", () => {
    expect(formatInZone("2026-01-01T00:05:00.000Z", "UTC")).toBe("Thu 2026-01-01 00:05");
  });

  it("refuses a zone the runtime doesn't know", () => {
    expect(() => formatInZone("2026-01-01T00:00:00.000Z", "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("inZone", () => {
  it("formats a time, or says there is none", () => {
    expect(inZone("2026-11-23T08:00:00.000Z", "Europe/Berlin")).toBe("Mon 2026-11-23 09:00");
    expect(inZone(null, "Europe/Berlin", "none yet")).toBe("none yet");
  });

  it("falls back to the instant as sent when the browser doesn't know the zone", () => {
    expect(inZone("2026-11-23T08:00:00.000Z", "Mars/Olympus")).toBe("2026-11-23T08:00:00.000Z");
  });
});
