import { describe, expect, it } from "vitest";
import { APPROVAL_FLOW } from "../../../../worker/contracts/workflow-examples";
import { buildInput, buildRawInput, deriveInputForm, type InputField, initialValues, inputIssues } from "./input-form";

const schema = {
  type: "object",
  required: ["service", "replicas"],
  properties: {
    service: { type: "string", title: "Service", description: "Which service to deploy" },
    replicas: { type: "integer", default: 2 },
    ratio: { type: ["number", "null"] },
    dry: { type: "boolean", default: true },
    region: { type: "string", enum: ["eu", "us"], default: "us" },
    level: { enum: [1, 2, 3] },
    email: { type: "string", format: "email" },
    tags: { type: "array", items: { type: "string" } },
    anything: true,
  },
};

function fieldsOf(input: unknown): InputField[] {
  const form = deriveInputForm(input);
  if (form.kind !== "fields") throw new Error("expected fields");
  return form.fields;
}

describe("deriveInputForm", () => {
  it("turns each property into a labelled input of the right kind, required ones marked", () => {
    const fields = fieldsOf(schema);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ["service", "string", true],
      ["replicas", "integer", true],
      ["ratio", "number", false],
      ["dry", "boolean", false],
      ["region", "enum", false],
      ["level", "enum", false],
      ["email", "string", false],
      ["tags", "json", false],
      ["anything", "json", false],
    ]);
    expect(fields[0]).toMatchObject({ label: "Service", description: "Which service to deploy" });
    expect(fields[1]?.label).toBe("replicas");
    expect(fields[6]).toMatchObject({ inputType: "email" });
  });

  it("builds the seeded approval workflow's form", () => {
    const fields = fieldsOf(APPROVAL_FLOW.graph.input_schema);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ["service", "string", true],
      ["version", "string", true],
    ]);
  });

  it("falls back to a raw JSON textarea without a usable schema", () => {
    expect(deriveInputForm(undefined)).toMatchObject({ kind: "raw" });
    expect(deriveInputForm({ type: "object" })).toMatchObject({ kind: "raw" });
    expect(deriveInputForm({ type: "array" })).toMatchObject({ kind: "raw" });
    expect(deriveInputForm("nonsense")).toMatchObject({ kind: "raw" });
  });
});

describe("initialValues and buildInput", () => {
  const fields = fieldsOf(schema);

  it("starts from the schema's defaults", () => {
    expect(initialValues(fields)).toEqual({
      service: "",
      replicas: "2",
      ratio: "",
      dry: true,
      region: "1",
      level: "",
      email: "",
      tags: "",
      anything: "",
    });
  });

  it("converts text to typed input and leaves empty fields out", () => {
    const values = { ...initialValues(fields), service: "api", ratio: "0.5", level: "2", tags: '["a","b"]' };
    expect(buildInput(fields, values)).toEqual({
      ok: true,
      input: { service: "api", replicas: 2, ratio: 0.5, dry: true, region: "us", level: 3, tags: ["a", "b"] },
    });
  });

  it("names the fields whose text isn't a number, a whole number, an option or JSON", () => {
    const values = { ...initialValues(fields), replicas: "2.5", ratio: "lots", level: "9", tags: "[oops" };
    const built = buildInput(fields, values);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.errors.replicas).toBe("Enter a whole number");
    expect(built.errors.ratio).toBe("Enter a number");
    expect(built.errors.level).toBe("Choose one of the options");
    expect(built.errors.tags).toMatch(/^Enter valid JSON/);
    expect(built.errors.service).toBeUndefined();
  });

  it("accepts only a JSON object in the raw textarea", () => {
    expect(buildRawInput('{ "a": 1 }')).toEqual({ ok: true, input: { a: 1 } });
    expect(buildRawInput("  ")).toEqual({ ok: true, input: {} });
    expect(buildRawInput("[1]")).toEqual({ ok: false, errors: { "": "The input must be a JSON object: { … }" } });
    expect(buildRawInput("{")).toMatchObject({ ok: false });
  });
});

describe("inputIssues", () => {
  it("puts the API's issues next to their fields, including missing required properties", () => {
    const details = {
      issues: [
        { path: "input.replicas", code: "input_schema", message: 'Instance type "string" is invalid.' },
        { path: "input", code: "input_schema", message: 'Instance does not have required property "service".' },
        { path: "input", code: "input_schema", message: "Something about the whole input." },
        { path: "input.ghost", code: "input_schema", message: "No such field here." },
      ],
    };
    expect(inputIssues(details, ["service", "replicas"])).toEqual({
      byField: { replicas: 'Instance type "string" is invalid.', service: "Required" },
      other: ["Something about the whole input.", "input.ghost: No such field here."],
    });
  });

  it("ignores details that aren't validation issues", () => {
    expect(inputIssues(undefined, ["a"])).toEqual({ byField: {}, other: [] });
    expect(inputIssues({ status: "archived" }, ["a"])).toEqual({ byField: {}, other: [] });
  });
});
