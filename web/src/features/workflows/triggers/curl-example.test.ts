import { describe, expect, it } from "vitest";
import { signWebhook } from "../../../../../worker/triggers/webhook-auth";
import { curlExamples, hookUrl, SECRET_PLACEHOLDER, shellQuote } from "./curl-example";

const URL = "https://fluxo.example.com/hooks/trg_1";

// The web project has no Node types; the tests still run in Node, where bash and openssl run the snippets for real.
type ExecFileSync = (file: string, args: string[]) => { toString(): string };
const CHILD_PROCESS = "node:child_process";
async function bash(script: string): Promise<string> {
  const { execFileSync } = (await import(/* @vite-ignore */ CHILD_PROCESS)) as { execFileSync: ExecFileSync };
  return execFileSync("bash", ["-c", script]).toString();
}

describe("hookUrl", () => {
  it("joins the origin and the trigger id", () => {
    expect(hookUrl("https://fluxo.example.com/", "trg_1")).toBe(URL);
  });
});

describe("shellQuote", () => {
  it("keeps a single quote inside a single-quoted word", async () => {
    expect(await bash(`printf %s ${shellQuote(`it's "$HOME"`)}`)).toBe(`it's "$HOME"`);
  });
});

describe("curlExamples", () => {
  it("sends the secret header with the real URL and the example body", () => {
    const { secretHeader } = curlExamples({ url: URL, body: { user_id: "u1" }, secret: "hooksec_abc" });
    expect(secretHeader).toContain(`curl -X POST '${URL}'`);
    expect(secretHeader).toContain("-H 'X-Fluxo-Secret: hooksec_abc'");
    expect(secretHeader).toContain(`--data '{"user_id":"u1"}'`);
  });

  it("shows a placeholder once the secret is no longer on screen", () => {
    const { secretHeader, signature } = curlExamples({ url: URL, body: {} });
    expect(secretHeader).toContain(`X-Fluxo-Secret: ${SECRET_PLACEHOLDER}`);
    expect(signature).toContain(`SECRET='${SECRET_PLACEHOLDER}'`);
  });

  it("computes with openssl the same signature the server checks", async () => {
    const body = { name: "O'Brien", n: 1 };
    const { signature } = curlExamples({ url: URL, body, secret: "hooksec_xyz" });
    // Run everything but the curl call, with a fixed timestamp, and print what it would send.
    const script = signature
      .split("\n")
      .filter((line) => line.startsWith("SECRET=") || line.startsWith("BODY=") || line.startsWith("SIG="))
      .join("\n");
    const sent = await bash(`TS=1700000000\n${script}\nprintf 'v1=%s' "$SIG"`);
    expect(sent).toBe(await signWebhook("hooksec_xyz", 1700000000, JSON.stringify(body)));
    expect(signature).toContain(`-H "X-Fluxo-Signature: v1=$SIG"`);
    expect(signature).toContain(`-H "X-Fluxo-Timestamp: $TS"`);
  });
});
