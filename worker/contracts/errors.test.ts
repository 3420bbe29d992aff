import { describe, expect, it } from "vitest";
import { AppError, errorBody, toAppError } from "../errors";
import { ERROR_STATUS, ErrorCode, statusForCode } from "./errors";

describe("error codes", () => {
  it("maps every code to a 4xx or 5xx status", () => {
    for (const code of ErrorCode.options) {
      const status = statusForCode(code);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...ErrorCode.options].sort());
  });

  it("keeps client mistakes out of 5xx", () => {
    expect(statusForCode("validation_failed")).toBe(400);
    expect(statusForCode("malformed_json")).toBe(400);
    expect(statusForCode("payload_too_large")).toBe(413);
    expect(statusForCode("not_found")).toBe(404);
  });
});

describe("toAppError", () => {
  it("turns an unexpected exception into `internal` without leaking its message", () => {
    const err = toAppError(new TypeError("cannot read secret_value of undefined"));
    expect(err.code).toBe("internal");
    const body = errorBody(err, "req-1");
    expect(body).toEqual({ error: { code: "internal", message: "Internal error", request_id: "req-1" } });
    expect(JSON.stringify(body)).not.toContain("secret_value");
  });

  it("passes AppError through with its details", () => {
    const err = toAppError(new AppError("conflict", "Stale draft", { details: { current_version: 3 } }));
    expect(errorBody(err, "r").error).toMatchObject({ code: "conflict", details: { current_version: 3 } });
  });
});
