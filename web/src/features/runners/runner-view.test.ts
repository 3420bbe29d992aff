import { describe, expect, it } from "vitest";
import { lastSeenText, parseLabels, RUNNER_STATUS_LOOK, registerErrors, startCommand } from "./runner-view";

describe("runner labels", () => {
  it("splits on commas and spaces, trims and drops duplicates", () => {
    expect(parseLabels(" linux, x64  linux,,ansible ")).toEqual(["linux", "x64", "ansible"]);
    expect(parseLabels("   ")).toEqual([]);
  });

  it("asks for a name and rejects labels the runner couldn't match", () => {
    expect(registerErrors("", ["linux"])).toEqual({ name: "Give the runner a name." });
    expect(registerErrors("x".repeat(101), [])).toEqual({ name: "Use at most 100 characters." });
    expect(registerErrors("build-1", ["linux", "gpu!"]).labels).toContain("“gpu!”");
    expect(registerErrors("build-1", ["Linux"]).labels).toContain("lowercase");
    expect(
      registerErrors(
        "build-1",
        Array.from({ length: 21 }, (_, i) => `l${i}`),
      ).labels,
    ).toBe("Use at most 20 labels.");
    expect(registerErrors("build-1", ["linux", "x86_64", "eu-1.a"])).toEqual({});
  });
});

describe("startCommand", () => {
  it("is the exact command with the origin, the token and the labels", () => {
    expect(startCommand("https://fluxo.example", "fxr_abc123", ["linux", "x64"])).toBe(
      "npx fluxo-runner --url https://fluxo.example --token fxr_abc123 --labels linux,x64",
    );
  });

  it("leaves --labels out without labels and quotes anything the shell would split", () => {
    expect(startCommand("http://127.0.0.1:8787", "fxr_t", [])).toBe(
      "npx fluxo-runner --url http://127.0.0.1:8787 --token fxr_t",
    );
    expect(startCommand("http://h", "fxr_t", ["it's"])).toBe(
      "npx fluxo-runner --url http://h --token fxr_t --labels 'it'\\''s'",
    );
  });
});

describe("runner status", () => {
  it("says when a runner was last heard from, or that it never connected", () => {
    const fmt = (iso: string) => `<${iso}>`;
    expect(lastSeenText("never_seen", null, fmt)).toBe("never connected");
    expect(lastSeenText("offline", "2026-01-01T00:00:00Z", fmt)).toBe("last seen <2026-01-01T00:00:00Z>");
    expect(lastSeenText("offline", null, fmt)).toBe("—");
    expect(RUNNER_STATUS_LOOK.online.tone).toBe("ok");
    expect(RUNNER_STATUS_LOOK.never_seen.label).toBe("Never seen");
  });
});
