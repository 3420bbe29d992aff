import { describe, expect, it } from "vitest";
import { answerJsonSchema, DiagnoseAnswer, PlanAnswer, parseAnswer } from "./answers";

const diagnosis = {
  summary: "The API token expired",
  hypotheses: [{ title: "Expired token", likelihood: "high", evidence: ["HTTP 401 from api.example.com"] }],
  suggested_actions: [{ kind: "fix_config", description: "Renew the token" }],
};

describe("parseAnswer", () => {
  it("reads a JSON answer that matches the schema", () => {
    expect(parseAnswer(JSON.stringify(diagnosis), DiagnoseAnswer)).toEqual({ ok: true, value: diagnosis });
  });

  it("tolerates a ```json fence around the answer", () => {
    const fenced = `\`\`\`json\n${JSON.stringify({ steps: [] })}\n\`\`\``;
    expect(parseAnswer(fenced, PlanAnswer)).toEqual({ ok: true, value: { steps: [] } });
  });

  it("says when the answer is not JSON", () => {
    expect(parseAnswer("Sure! The answer is 42", PlanAnswer)).toEqual({ ok: false, problem: "the answer is not JSON" });
  });

  it("names the fields that don't match", () => {
    const bad = { ...diagnosis, hypotheses: [{ title: "x", likelihood: "certain", evidence: [] }] };
    const check = parseAnswer(JSON.stringify(bad), DiagnoseAnswer);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toContain("hypotheses.0.likelihood");
  });
});

describe("answerJsonSchema", () => {
  it("describes the plan answer as a JSON Schema object with its required fields", () => {
    const schema = answerJsonSchema(PlanAnswer) as { type: string; required: string[]; properties: object };
    expect(schema.type).toBe("object");
    expect(schema.required).toEqual(["steps"]);
    expect(JSON.stringify(schema)).toContain("connections");
  });
});
