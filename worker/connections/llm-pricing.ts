/** Prices of chat models (USD per million tokens) and the cost of one completion's usage. Pure. */

/** USD per 1M prompt (input) and completion (output) tokens, from the providers' public price pages. */
export const LLM_PRICES: Readonly<Record<string, { input: number; output: number }>> = {
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-3.5-turbo": { input: 0.5, output: 1.5 },
  "o3-mini": { input: 1.1, output: 4.4 },
};

/** Token counts as OpenAI-compatible APIs report them. */
export interface LlmUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** A cost, and whether the model's price was known (unknown models cost 0, and the note says so). */
export interface LlmCost {
  cost_usd: number;
  price_known: boolean;
  note?: string;
}

/** The price entry for a model: exact name, else the longest known name it starts with (dated snapshots). */
function priceOf(model: string): { input: number; output: number } | undefined {
  const exact = LLM_PRICES[model];
  if (exact) return exact;
  const prefix = Object.keys(LLM_PRICES)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? undefined : LLM_PRICES[prefix];
}

/**
 * The cost of `usage` on `model`, rounded to a millionth of a dollar.
 * @example costOf("gpt-4o-mini", { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 }).cost_usd // 0.00045
 */
export function costOf(model: string, usage: LlmUsage): LlmCost {
  const price = priceOf(model);
  if (!price)
    return { cost_usd: 0, price_known: false, note: `No price is known for model “${model}”; cost recorded as 0` };
  const raw = (usage.prompt_tokens * price.input + usage.completion_tokens * price.output) / 1_000_000;
  return { cost_usd: Math.round(raw * 1_000_000) / 1_000_000, price_known: true };
}

/** Sums usages (a retried completion costs both calls). */
export function addUsage(a: LlmUsage, b: LlmUsage): LlmUsage {
  return {
    prompt_tokens: a.prompt_tokens + b.prompt_tokens,
    completion_tokens: a.completion_tokens + b.completion_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
  };
}
