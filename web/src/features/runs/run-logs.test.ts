import { describe, expect, it } from "vitest";
import { LOGS_PAGE_SIZE, logLevelLook, logsQuery, NO_LOG_FILTERS, parseLogDomain, parseLogLevel } from "./run-logs";

describe("logsQuery", () => {
  it("asks for every line when no filter is set", () => {
    expect(logsQuery(NO_LOG_FILTERS)).toEqual({ limit: String(LOGS_PAGE_SIZE) });
  });

  it("sends the chosen level and domain, and the cursor of the next page", () => {
    expect(logsQuery({ level: "error", domain: "step" }, "42")).toEqual({
      level: "error",
      domain: "step",
      cursor: "42",
      limit: "50",
    });
  });
});

describe("parseLogLevel / parseLogDomain", () => {
  it("accepts the API's values and treats anything else as no filter", () => {
    expect(parseLogLevel("warn")).toBe("warn");
    expect(parseLogLevel("fatal")).toBe("");
    expect(parseLogDomain("approval")).toBe("approval");
    expect(parseLogDomain("")).toBe("");
  });
});

describe("logLevelLook", () => {
  it("names known levels and shows unknown ones as they came", () => {
    expect(logLevelLook("error")).toEqual({ label: "Error", tone: "error" });
    expect(logLevelLook("debug")).toEqual({ label: "debug", tone: "neutral" });
  });
});
