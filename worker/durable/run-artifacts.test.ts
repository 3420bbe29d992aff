import { parseTarGzip } from "nanotar";
import { describe, expect, it } from "vitest";
import { type ArtifactSource, isJobRecord, writeJobArtifacts } from "./run-artifacts";

/** The slice of R2 the artifacts writer uses, in memory. */
function memoryBucket() {
  const objects = new Map<string, { body: Uint8Array; contentType?: string }>();
  const toBytes = (value: unknown) =>
    typeof value === "string" ? new TextEncoder().encode(value) : new Uint8Array(value as ArrayBuffer);
  const bucket = {
    async put(key: string, value: unknown, options?: { httpMetadata?: { contentType?: string } }) {
      objects.set(key, { body: toBytes(value), contentType: options?.httpMetadata?.contentType });
      return { key, size: objects.get(key)?.body.length ?? 0 };
    },
    async get(key: string) {
      const object = objects.get(key);
      if (!object) return null;
      return {
        arrayBuffer: async () => object.body.slice().buffer,
        json: async () => JSON.parse(new TextDecoder().decode(object.body)),
      };
    },
    async list({ prefix }: { prefix: string }) {
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      return { objects: keys.map((key) => ({ key })), truncated: false };
    },
  };
  const text = (key: string) => {
    const object = objects.get(key);
    return object ? new TextDecoder().decode(object.body) : undefined;
  };
  return { env: { ARTIFACTS: bucket } as unknown as Env, objects, text };
}

const RECORD = {
  run_id: "run_1",
  trigger: { type: "manual", data: { job: true } },
  graph: {
    nodes: [{ id: "fetch" }, { id: "report" }, { id: "doc" }],
    edges: [
      { from: "fetch", to: "report" },
      { from: "fetch", to: "doc" },
    ],
  },
};

function source(lines: number, outputs: Record<string, unknown>): ArtifactSource {
  const all = Array.from({ length: lines }, (_, i) => ({ id: i + 1, message_human: `line ${i + 1}` }));
  return {
    replayData: async () =>
      JSON.stringify({
        record: RECORD,
        statuses: { fetch: "succeeded", report: "succeeded", doc: "succeeded" },
        outputs,
      }),
    logs: async ({ afterId, limit }) => JSON.stringify(all.filter((l) => l.id > afterId).slice(0, limit)),
  };
}

describe("writeJobArtifacts", () => {
  it("writes the final output, every log line and an archive of uploaded and rendered files", async () => {
    const r2 = memoryBucket();
    await r2.env.ARTIFACTS.put("artifacts/run_1/files/out/result.txt", "from the runner");
    await r2.env.ARTIFACTS.put("runs/run_1/doc/summary.md", "# Summary");
    await r2.env.ARTIFACTS.put("runs/run_1/report/output-1.json", JSON.stringify({ rows: [1, 2, 3] }));
    const outputs = {
      fetch: { status: 200 },
      report: { $ref: "r2:runs/run_1/report/output-1.json", size: 20 },
      doc: { content: "# Summary", artifact: { key: "runs/run_1/doc/summary.md", name: "summary.md" } },
    };

    expect(await writeJobArtifacts(r2.env, "run_1", source(2_500, outputs), Date.UTC(2026, 0, 1))).toBe(true);

    const output = JSON.parse(r2.text("artifacts/run_1/output.json") ?? "null");
    expect(Object.keys(output).sort()).toEqual(["doc", "report"]);
    expect(output.report).toEqual({ rows: [1, 2, 3] });
    const lines = (r2.text("artifacts/run_1/logs.ndjson") ?? "").trim().split("\n");
    expect(lines).toHaveLength(2_500);
    expect(JSON.parse(lines[2_499] ?? "{}").message_human).toBe("line 2500");
    expect(r2.objects.get("artifacts/run_1/logs.ndjson")?.contentType).toBe("application/x-ndjson");

    const archive = r2.objects.get("artifacts/run_1/artifacts.tar.gz")?.body ?? new Uint8Array();
    const files = await parseTarGzip(archive);
    const byName = Object.fromEntries(files.map((f) => [f.name, new TextDecoder().decode(f.data)]));
    expect(byName).toEqual({ "files/out/result.txt": "from the runner", "rendered/doc/summary.md": "# Summary" });
  });

  it("writes the same bytes when run again", async () => {
    const r2 = memoryBucket();
    const src = source(3, { report: { ok: true } });
    await writeJobArtifacts(r2.env, "run_1", src, 1_000);
    const first = new Map([...r2.objects].map(([k, v]) => [k, v.body.join(",")]));
    await writeJobArtifacts(r2.env, "run_1", src, 1_000);
    for (const [key, body] of first) expect(r2.objects.get(key)?.body.join(","), key).toBe(body);
  });

  it("never copies an object outside the job's own runs/ prefix into output.json", async () => {
    const r2 = memoryBucket();
    // Another org's finished job; a `set` step can output a look-alike reference to it.
    await r2.env.ARTIFACTS.put("artifacts/run_other/output.json", JSON.stringify({ secret: "other org" }));
    await r2.env.ARTIFACTS.put("runs/run_other/report/output-1.json", JSON.stringify({ secret: "other run" }));
    const outputs = {
      report: { $ref: "r2:artifacts/run_other/output.json" },
      doc: { $ref: "r2:runs/run_other/report/output-1.json" },
    };

    expect(await writeJobArtifacts(r2.env, "run_1", source(0, outputs), 0)).toBe(true);

    const written = r2.text("artifacts/run_1/output.json") ?? "";
    expect(written).not.toContain("other org");
    expect(written).not.toContain("other run");
    expect(JSON.parse(written).report).toEqual({ $ref: "r2:artifacts/run_other/output.json" });
  });

  it("reports a failure instead of throwing, so the caller can try again later", async () => {
    const r2 = memoryBucket();
    const broken: ArtifactSource = {
      replayData: async () => {
        throw new Error("run object unavailable");
      },
      logs: async () => "[]",
    };
    expect(await writeJobArtifacts(r2.env, "run_1", broken, 0)).toBe(false);
    expect(r2.objects.size).toBe(0);
  });
});

describe("isJobRecord", () => {
  it("is true only for runs started by executeRunbook", () => {
    expect(isJobRecord({ trigger: { type: "manual", data: { job: true } } })).toBe(true);
    expect(isJobRecord({ trigger: { type: "manual", data: null } })).toBe(false);
    expect(isJobRecord({ trigger: { type: "api", data: { job: "yes" } } })).toBe(false);
  });
});
