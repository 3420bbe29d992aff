import { describe, expect, it } from "vitest";
import { z } from "zod";
import { NODE_TYPES } from "../../../../../worker/contracts/node-types";
import { RetryPolicy } from "../../../../../worker/contracts/workflow";
import { blankValue, describeFields, expressionKindAt, type FieldSpec, humanize } from "./schema-form";

const byKey = (fields: FieldSpec[], key: string) => {
  const field = fields.find((candidate) => candidate.key === key);
  if (!field) throw new Error(`no field ${key}`);
  return field;
};

describe("describeFields", () => {
  it("derives the HTTP request form: method select, URL template, header rows, JSON body, status list", () => {
    const fields = describeFields(NODE_TYPES.http.configSchema, NODE_TYPES.http.expressionFields);
    expect(fields.map((field) => [field.key, field.kind, field.label, field.required])).toEqual([
      ["method", "enum", "Method", true],
      ["url", "text", "URL", true],
      ["headers", "record", "Headers", false],
      ["body", "json", "Body", false],
      ["connection_id", "text", "Connection ID", false],
      ["expect_status", "number_list", "Expect status", false],
      ["until", "text", "Until", false],
    ]);
    expect(byKey(fields, "method")).toMatchObject({ options: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] });
    expect(byKey(fields, "url")).toMatchObject({ multiline: false, expression: "template" });
    expect(byKey(fields, "headers")).toMatchObject({ values: "text", expression: "template" });
    expect(byKey(fields, "body")).toMatchObject({ expression: "template" });
    expect(byKey(fields, "connection_id")).toMatchObject({ expression: null });
  });

  it("gives expressions and long templates a textarea, and short or pattern-checked strings one line", () => {
    const [eventType] = describeFields(NODE_TYPES.emit_event.configSchema, NODE_TYPES.emit_event.expressionFields);
    expect(eventType).toMatchObject({ kind: "text", multiline: false, expression: null });
    const [expression] = describeFields(NODE_TYPES.transform.configSchema, NODE_TYPES.transform.expressionFields);
    expect(expression).toMatchObject({ kind: "text", multiline: true, expression: "expression", required: true });
    const render = describeFields(NODE_TYPES.render.configSchema, NODE_TYPES.render.expressionFields);
    expect(byKey(render, "template")).toMatchObject({ multiline: true, expression: "template" });
    expect(byKey(render, "format")).toMatchObject({ kind: "enum", options: ["text", "html", "markdown"] });
  });

  it("walks nested objects, lists of objects, enum lists, booleans, numbers and defaults", () => {
    const approval = describeFields(NODE_TYPES.approval.configSchema, NODE_TYPES.approval.expressionFields);
    const approvers = byKey(approval, "approvers");
    expect(approvers.kind).toBe("object");
    if (approvers.kind !== "object") return;
    expect(approvers.fields.map((field) => [field.key, field.kind])).toEqual([
      ["roles", "enum_list"],
      ["user_ids", "string_list"],
    ]);
    const formFields = byKey(approval, "form_fields");
    expect(formFields).toMatchObject({ kind: "object_list", itemLabel: "Form field" });
    expect(byKey(approval, "on_timeout")).toMatchObject({ kind: "enum", required: false, defaultValue: "fail" });
    expect(byKey(approval, "timeout_ms")).toMatchObject({
      kind: "number",
      integer: true,
      min: 1,
      label: "Timeout (ms)",
    });

    const llm = describeFields(NODE_TYPES.llm.configSchema, NODE_TYPES.llm.expressionFields);
    const messages = byKey(llm, "messages");
    if (messages.kind !== "object_list") throw new Error("messages should be a list of objects");
    expect(byKey(messages.fields, "content")).toMatchObject({ kind: "text", multiline: true, expression: "template" });
    expect(byKey(messages.fields, "role")).toMatchObject({ kind: "enum", options: ["system", "user", "assistant"] });
    expect(byKey(llm, "require_approval")).toMatchObject({ kind: "boolean", required: false });
    expect(byKey(llm, "output_schema")).toMatchObject({ kind: "record", values: "json" });
    expect(byKey(llm, "temperature")).toMatchObject({ kind: "number", integer: false, min: 0, max: 2 });
  });

  it("covers every registered node type without failing, and retry policies too", () => {
    for (const definition of Object.values(NODE_TYPES)) {
      expect(() => describeFields(definition.configSchema, definition.expressionFields)).not.toThrow();
    }
    expect(describeFields(NODE_TYPES.noop.configSchema)).toEqual([]);
    expect(describeFields(RetryPolicy).map((field) => field.key)).toEqual([
      "max_attempts",
      "backoff",
      "base_delay_ms",
      "max_delay_ms",
      "non_retryable_codes",
    ]);
  });

  it("edits anything it doesn't know as JSON", () => {
    const fields = describeFields(z.object({ pick: z.union([z.string(), z.number()]) }));
    expect(fields[0]).toMatchObject({ kind: "json", key: "pick" });
    expect(describeFields(z.string())).toEqual([
      { key: "value", label: "Value", required: true, kind: "json", expression: null },
    ]);
  });
});

describe("expressionKindAt", () => {
  const fields = [
    { path: "expression", kind: "expression" },
    { path: "headers", kind: "template" },
    { path: "messages.*.content", kind: "template" },
  ] as const;

  it("matches exact paths, wildcards, and everything under a template", () => {
    expect(expressionKindAt(["expression"], fields)).toBe("expression");
    expect(expressionKindAt(["expression", "x"], fields)).toBeNull();
    expect(expressionKindAt(["headers", "*"], fields)).toBe("template");
    expect(expressionKindAt(["messages", "*", "content"], fields)).toBe("template");
    expect(expressionKindAt(["messages", "*", "role"], fields)).toBeNull();
    expect(expressionKindAt(["url"], fields)).toBeNull();
  });
});

describe("labels and blank values", () => {
  it("turns keys into labels", () => {
    expect(humanize("timeout_ms")).toBe("Timeout (ms)");
    expect(humanize("server_label")).toBe("Server label");
    expect(humanize("url")).toBe("URL");
  });

  it("starts a new list item with its required fields filled in", () => {
    const llm = describeFields(NODE_TYPES.llm.configSchema, NODE_TYPES.llm.expressionFields);
    const messages = byKey(llm, "messages");
    if (messages.kind !== "object_list") throw new Error("messages should be a list of objects");
    expect(blankValue(messages.fields)).toEqual({ role: "system", content: "" });
    expect(blankValue(describeFields(RetryPolicy))).toEqual({ backoff: "fixed" });
    const approval = describeFields(NODE_TYPES.approval.configSchema, []);
    expect(blankValue(approval)).toEqual({ on_timeout: "fail" });
  });
});
