import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { fieldErrors } from "./form-errors";

describe("fieldErrors", () => {
  it("maps the API's issues to fields, keeping the first message per field", () => {
    const error = new ApiError(400, "validation_failed", "Invalid json", "req_1", {
      issues: [
        { path: "password", code: "weak_password", message: "Use at least 10 characters." },
        { path: "password", code: "too_small", message: "second message" },
        { path: "settings.limits.node_timeout_ms", code: "too_small", message: "Too small" },
      ],
    });
    expect(fieldErrors(error)).toEqual({
      password: "Use at least 10 characters.",
      "settings.limits.node_timeout_ms": "Too small",
    });
  });

  it("is empty for errors without issues, so the form shows the whole error instead", () => {
    expect(fieldErrors(new ApiError(401, "invalid_credentials", "The email or password is incorrect", "r"))).toEqual(
      {},
    );
    expect(fieldErrors(new ApiError(400, "validation_failed", "x", "r", { issues: "not a list" }))).toEqual({});
    expect(fieldErrors(new Error("network"))).toEqual({});
    expect(fieldErrors(null)).toEqual({});
  });
});
