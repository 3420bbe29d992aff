import { describe, expect, it } from "vitest";
import { formatSeconds, webhookFormBody } from "./webhook-form";

const BASE = {
  name: " Stripe ",
  mode: "async",
  syncTimeoutSeconds: "10",
  rateLimitPerMinute: "60",
  debounceSeconds: "",
} as const;

describe("webhookFormBody", () => {
  it("sends an async trigger without a sync timeout and without debounce", () => {
    expect(webhookFormBody(BASE)).toEqual({
      name: "Stripe",
      mode: "async",
      rate_limit_per_minute: 60,
      debounce_ms: null,
    });
  });

  it("converts seconds to milliseconds for sync mode and debounce", () => {
    expect(webhookFormBody({ ...BASE, mode: "sync", syncTimeoutSeconds: "2.5", debounceSeconds: "30" })).toEqual({
      name: "Stripe",
      mode: "sync",
      sync_timeout_ms: 2500,
      rate_limit_per_minute: 60,
      debounce_ms: 30_000,
    });
  });

  it("keeps an unreadable number invalid so the API reports it beside the field", () => {
    expect(webhookFormBody({ ...BASE, rateLimitPerMinute: "" }).rate_limit_per_minute).toBeNaN();
  });
});

describe("formatSeconds", () => {
  it("shows milliseconds as seconds", () => {
    expect(formatSeconds(1500)).toBe("1.5 s");
    expect(formatSeconds(60_000)).toBe("60 s");
  });
});
