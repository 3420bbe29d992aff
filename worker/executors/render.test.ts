import { describe, expect, it } from "vitest";
import { executeStep } from "./index";
import { artifactFileName, CONTENT_PREVIEW_CHARS, escapeHtml } from "./render";
import { fakeServices, testContext, testInput, testNode } from "./test-fixtures";

describe("render helpers", () => {
  it("escapes HTML and makes safe artifact names", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(artifactFileName("../reports/q1 <final>.md")).toBe("_reports_q1 _final_.md");
    expect(artifactFileName("...")).toBeNull();
  });
});

describe("render executor", () => {
  it("renders markdown with the rendered data and stores it as an artifact", async () => {
    const { services, calls } = fakeServices();
    const node = testNode(
      "render",
      {
        template: "# Report for {{ data.who }}\nTotal: {{ $sum(input.items.price) }} {{ input.none }}",
        format: "markdown",
        data: { who: "{{ input.name }}" },
      },
      { id: "report" },
    );
    const { outcome, data_in } = await executeStep(testInput(node), services);
    const content = "# Report for Ada\nTotal: 20 ";
    expect(calls.artifacts).toEqual([
      {
        run_id: "run_1",
        node_id: "report",
        name: "report.md",
        body: content,
        content_type: "text/markdown; charset=utf-8",
      },
    ]);
    expect(outcome).toEqual({
      kind: "succeeded",
      output: {
        content,
        truncated: false,
        format: "markdown",
        content_type: "text/markdown; charset=utf-8",
        size: 27,
        artifact: {
          key: "artifacts/run_1/report.md",
          name: "report.md",
          size: 27,
          content_type: "text/markdown; charset=utf-8",
        },
      },
    });
    expect(data_in).toMatchObject({ data: { who: "Ada" }, artifact_name: "report.md" });
  });

  it("HTML-escapes interpolated values but not the template's own markup", async () => {
    const { services } = fakeServices();
    const context = testContext({ input: { comment: `<script>alert("x")</script>` } });
    const node = testNode("render", {
      template: "<p>{{ input.comment }}</p>",
      format: "html",
      artifact_name: "note-{{ run.id }}.html",
    });
    const { outcome } = await executeStep(testInput(node, { context }), services);
    expect(outcome).toMatchObject({
      kind: "succeeded",
      output: {
        content: "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>",
        artifact: { name: "note-run_1.html", content_type: "text/html; charset=utf-8" },
      },
    });
  });

  it("keeps a preview in the output when the stored document is large, and the whole text without a store", async () => {
    const { services } = fakeServices();
    const context = testContext({ input: { long: "x".repeat(CONTENT_PREVIEW_CHARS + 50) } });
    const node = testNode("render", { template: "{{ input.long }}", format: "text" });
    const stored = await executeStep(testInput(node, { context }), services);
    expect(stored.outcome).toMatchObject({
      kind: "succeeded",
      output: { truncated: true, size: CONTENT_PREVIEW_CHARS + 50 },
    });
    if (stored.outcome.kind === "succeeded") {
      expect((stored.outcome.output as { content: string }).content).toHaveLength(CONTENT_PREVIEW_CHARS);
    }
    const { putArtifact: _omit, ...withoutStore } = services;
    const inline = await executeStep(testInput(node, { context }), withoutStore);
    expect(inline.outcome).toMatchObject({ kind: "succeeded", output: { truncated: false } });
    expect(
      inline.outcome.kind === "succeeded" && (inline.outcome.output as { artifact?: unknown }).artifact,
    ).toBeFalsy();
  });

  it("fails without retry, naming the step, when a template part fails", async () => {
    const { services, calls } = fakeServices();
    const node = testNode(
      "render",
      { template: "Hello {{ $number(input.name) }}", format: "text" },
      { name: "Invoice" },
    );
    const { outcome } = await executeStep(testInput(node), services);
    expect(calls.artifacts).toHaveLength(0);
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "expression_failed", retryable: false } });
    if (outcome.kind === "failed") {
      expect(outcome.error.message_human).toMatch(
        /^Step “Invoice”: the template could not be evaluated\. In \{\{ \$number/,
      );
    }
  });
});
