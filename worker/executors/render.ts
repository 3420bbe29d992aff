// `render` executor: renders a text, Markdown or HTML document (HTML-escaping interpolated values) and stores it.
import type { NodeConfig } from "../contracts/node-types";
import {
  createMeter,
  type ExpressionContext,
  ExpressionError,
  evaluateExpression,
  parseTemplate,
} from "../engine/expressions";
import { asText, expressionFailure, expressionOptions, renderField, renderFieldValue } from "./rendering";
import { succeeded } from "./results";
import type { Executor, NodeOf, StepInput } from "./types";

type RenderFormat = NodeConfig<"render">["format"];

/** Characters of the document kept in the output when the whole document is stored as an artifact. */
export const CONTENT_PREVIEW_CHARS = 10_000;

const FORMATS: Record<RenderFormat, { extension: string; contentType: string }> = {
  text: { extension: "txt", contentType: "text/plain; charset=utf-8" },
  markdown: { extension: "md", contentType: "text/markdown; charset=utf-8" },
  html: { extension: "html", contentType: "text/html; charset=utf-8" },
};

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Escapes text for HTML element content and quoted attribute values.
 * @example escapeHtml(`<b title="x">`) // "&lt;b title=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * A file name safe for any store: letters, digits, `.`, `_`, `-` and spaces kept, anything else (slashes
 * included) replaced by `_`, no leading dots, at most 200 characters. `null` when nothing usable is left.
 * @example artifactFileName("../reports/q1 <final>.md") // "_reports_q1 _final_.md"
 */
export function artifactFileName(name: string): string | null {
  const safe = name
    .replace(/[^A-Za-z0-9._ -]/g, "_")
    .replace(/^[.\s]+/, "")
    .trim()
    .slice(0, 200);
  return safe === "" ? null : safe;
}

/**
 * Renders the template segment by segment with one shared budget. Interpolated values are text (null → "",
 * objects as JSON) and, for HTML, escaped: the template's own markup is trusted, the run's data is not.
 */
async function renderDocument(
  input: StepInput<NodeOf<"render">>,
  template: string,
  format: RenderFormat,
  context: ExpressionContext,
): Promise<string> {
  const meter = createMeter();
  const options = { ...expressionOptions(input), meter };
  let out = "";
  try {
    for (const segment of parseTemplate(template)) {
      if (segment.kind === "text") {
        out += segment.text;
        continue;
      }
      let text: string;
      try {
        text = asText(await evaluateExpression(segment.source, context, options));
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        const position = err.position === undefined ? undefined : segment.offset + err.position;
        throw new ExpressionError(err.code, `In {{${segment.source}}}: ${err.message}`, {
          detail: err.detail,
          position,
          cause: err,
        });
      }
      out += format === "html" ? escapeHtml(text) : text;
      if (out.length > meter.budget.maxBytes) {
        throw new ExpressionError("expression_too_large", "The rendered document is larger than the size limit", {
          detail: `rendered document over ${meter.budget.maxBytes} characters`,
        });
      }
    }
  } catch (err) {
    if (err instanceof ExpressionError) throw expressionFailure(input.node, "the template", err);
    throw err;
  }
  return out;
}

/**
 * Renders `config.data` (templates inside it), then the template with the run's context plus `data`. Stores the
 * document with `putArtifact` when available (name: rendered `artifact_name`, else `<node_id>.<ext>`) and outputs
 * a preview; without a store the whole document is the output's `content`.
 * Output: `{ content, truncated, format, content_type, size, artifact?: { key, name, size, content_type } }`.
 */
export const executeRender: Executor<"render"> = async (input, services) => {
  const { node } = input;
  const { template, format, artifact_name } = node.config;
  const data = await renderFieldValue(input, "the data", node.config.data ?? null);
  const content = await renderDocument(input, template, format, { ...input.context, data });
  const { extension, contentType } = FORMATS[format];
  const requested =
    artifact_name === undefined ? "" : asText(await renderField(input, "the artifact name", artifact_name));
  const name = artifactFileName(requested) ?? `${node.id}.${extension}`;
  const size = new TextEncoder().encode(content).byteLength;
  const data_in = { format, template, data, artifact_name: name };
  if (!services.putArtifact) {
    return succeeded({ content, truncated: false, format, content_type: contentType, size }, data_in);
  }
  const stored = await services.putArtifact({
    run_id: input.run.id,
    node_id: node.id,
    name,
    body: content,
    content_type: contentType,
  });
  const truncated = content.length > CONTENT_PREVIEW_CHARS;
  return succeeded(
    {
      content: truncated ? content.slice(0, CONTENT_PREVIEW_CHARS) : content,
      truncated,
      format,
      content_type: contentType,
      size,
      artifact: { key: stored.key, name, size: stored.size, content_type: contentType },
    },
    data_in,
  );
};
