/** Workflow details as the editor's details form shows them: tags as one comma-separated line. */

/** The API's tag limits (`UpdateWorkflowBody`): at most 20 tags of 1-40 characters. */
export const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 40;

/**
 * Tags from what a person typed: split on commas, trimmed, empty ones and repeats dropped, order kept.
 * @example parseTags(" billing, sync,,billing ") // ["billing", "sync"]
 */
export function parseTags(text: string): string[] {
  const tags = text
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
  return [...new Set(tags)];
}

/** Why the typed tags can't be saved, or null. */
export function tagsProblem(tags: readonly string[]): string | null {
  if (tags.length > MAX_TAGS) return `Use at most ${MAX_TAGS} tags`;
  const long = tags.find((tag) => tag.length > MAX_TAG_LENGTH);
  return long ? `"${long.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters` : null;
}
