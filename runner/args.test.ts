import { describe, expect, it } from "vitest";
import { parseRunnerArgs } from "./args.ts";

const TOKEN = "fxr_abcdefghjkmn_0123456789012345678901234567890123456789012";

describe("fluxo-runner arguments", () => {
  it("reads url, token, labels, workdir and concurrency", () => {
    const parsed = parseRunnerArgs(
      [
        "--url",
        "http://127.0.0.1:8787/",
        "--token",
        TOKEN,
        "--labels",
        "ansible, linux,ansible",
        "--workdir",
        "/srv/jobs",
        "--concurrency",
        "2",
      ],
      {},
      "/home/me",
    );
    expect(parsed).toEqual({
      ok: true,
      config: {
        url: "http://127.0.0.1:8787",
        token: TOKEN,
        labels: ["ansible", "linux"],
        workdir: "/srv/jobs",
        concurrency: 2,
      },
    });
  });

  it("takes the url and token from the environment and defaults the rest", () => {
    const parsed = parseRunnerArgs(
      [],
      { FLUXO_URL: "https://fluxo.example.com", FLUXO_RUNNER_TOKEN: TOKEN },
      "/home/me",
    );
    expect(parsed).toEqual({
      ok: true,
      config: { url: "https://fluxo.example.com", token: TOKEN, labels: [], workdir: "/home/me", concurrency: 1 },
    });
  });

  it("explains what is wrong", () => {
    const base = ["--url", "http://x", "--token", TOKEN];
    expect(parseRunnerArgs(["--token", TOKEN], {}, "/")).toMatchObject({
      ok: false,
      message: expect.stringContaining("--url"),
    });
    expect(parseRunnerArgs(["--url", "http://x", "--token", "fx_user_key"], {}, "/")).toMatchObject({
      ok: false,
      message: expect.stringContaining("runner token"),
    });
    expect(parseRunnerArgs([...base, "--labels", "Bad Label"], {}, "/")).toMatchObject({
      ok: false,
      message: expect.stringContaining("Bad Label"),
    });
    expect(parseRunnerArgs([...base, "--concurrency", "0"], {}, "/")).toMatchObject({ ok: false });
    expect(parseRunnerArgs([...base, "--colour"], {}, "/")).toMatchObject({ ok: false });
    expect(parseRunnerArgs(["--help"], {}, "/")).toEqual({ ok: false, message: "", help: true });
  });
});
