import { describe, expect, it } from "vitest";
import {
  buildExecute,
  connectionOptions,
  formSchema,
  formUiSchema,
  hasDryRunInput,
  initialConnections,
} from "./execute-request";
import type { ConnectionRef } from "./runbook-api";

const CF_SLOT = { key: "cloudflare", description: "DNS edit token", type: "bearer" };
const CONNECTIONS: ConnectionRef[] = [
  { id: "c_hdr", name: "Alpha headers", type: "headers" },
  { id: "c_cf", name: "Cloudflare prod", type: "bearer" },
  { id: "c_gh", name: "Beta bearer", type: "bearer" },
];

describe("connection pickers", () => {
  it("offers connections of the slot's type first, each group by name", () => {
    expect(connectionOptions(CF_SLOT, CONNECTIONS).map((c) => c.id)).toEqual(["c_gh", "c_cf", "c_hdr"]);
    expect(connectionOptions({ key: "any", description: "" }, CONNECTIONS).map((c) => c.id)).toEqual([
      "c_hdr",
      "c_gh",
      "c_cf",
    ]);
  });

  it("preselects only when exactly one connection has the slot's type", () => {
    expect(initialConnections([CF_SLOT], CONNECTIONS)).toEqual({});
    expect(initialConnections([CF_SLOT], CONNECTIONS.slice(0, 2))).toEqual({ cloudflare: "c_cf" });
    expect(initialConnections([{ key: "x", description: "" }], CONNECTIONS)).toEqual({});
  });
});

describe("buildExecute", () => {
  const shape = { slots: [CF_SLOT], supportsDryRun: true, dryRunInput: true };

  it("refuses to send while a required slot has no connection", () => {
    expect(buildExecute(shape, { zone_id: "z" }, {}, false)).toEqual({
      ok: false,
      missing: { cloudflare: "Choose a connection." },
    });
    expect(buildExecute(shape, {}, { cloudflare: "  " }, false).ok).toBe(false);
  });

  it("sends the inputs, the bound connections and the dry-run flag (also as the input the workflow reads)", () => {
    expect(buildExecute(shape, { zone_id: "z", dry_run: false }, { cloudflare: "c_cf" }, true)).toEqual({
      ok: true,
      body: { inputs: { zone_id: "z", dry_run: true }, connections: { cloudflare: "c_cf" }, dry_run: true },
    });
  });

  it("leaves dry_run out for a runbook that doesn't support it, and out of inputs it doesn't declare", () => {
    expect(buildExecute({ slots: [], supportsDryRun: false, dryRunInput: false }, { a: 1 }, {}, true)).toEqual({
      ok: true,
      body: { inputs: { a: 1 }, connections: {} },
    });
    expect(buildExecute({ slots: [], supportsDryRun: true, dryRunInput: false }, { a: 1 }, {}, false)).toEqual({
      ok: true,
      body: { inputs: { a: 1 }, connections: {}, dry_run: false },
    });
  });
});

describe("form schema", () => {
  it("drops the draft declaration the browser's validator would refuse, keeping everything else", () => {
    const schema = { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", required: ["a"] };
    expect(formSchema(schema)).toEqual({ type: "object", required: ["a"] });
  });

  it("hides a dry_run input behind the page's own Dry run box", () => {
    const schema = { type: "object", properties: { dry_run: { type: "boolean" } } };
    expect(hasDryRunInput(schema)).toBe(true);
    expect(hasDryRunInput({ type: "object" })).toBe(false);
    expect(formUiSchema({ supportsDryRun: true, dryRunInput: true })).toEqual({ dry_run: { "ui:widget": "hidden" } });
    expect(formUiSchema({ supportsDryRun: false, dryRunInput: true })).toEqual({});
  });
});
