// The org's AI assistant settings: which LLM connection and model answer; a missing one is `ai_not_configured`.
import { eq } from "drizzle-orm";
import type { OrgScope } from "../auth/principal";
import type { AiSettings } from "../contracts/ai";
import { createDb } from "../db/client";
import { getConnection } from "../db/repos/connections";
import { parseSettings } from "../db/repos/orgs";
import { organizations } from "../db/schema";
import { AppError } from "../errors";

/** Where a person fixes it; the web app links there. */
export const AI_SETTINGS_HINT = "Choose an LLM connection in Settings → Organization";

/**
 * Refuses AI settings naming a connection the org doesn't have (checked when an owner saves them).
 * @throws AppError `connection_not_found`
 */
export async function assertAiConnection(d1: D1Database, scope: OrgScope, ai: AiSettings): Promise<void> {
  if (!(await getConnection(d1, scope, ai.connection_id))) {
    throw new AppError("connection_not_found", `No connection “${ai.connection_id}” in this organization`, {
      details: { path: "settings.ai.connection_id" },
    });
  }
}

/**
 * The org's AI settings; never a default model or a stub answer.
 * @throws AppError `ai_not_configured` when none are set or the chosen connection was deleted.
 */
export async function requireAiSettings(d1: D1Database, scope: OrgScope): Promise<AiSettings> {
  const row = await createDb(d1)
    .select({ settings: organizations.settings })
    .from(organizations)
    .where(eq(organizations.id, scope.orgId))
    .get();
  const ai = parseSettings(row?.settings).ai;
  if (!ai) throw new AppError("ai_not_configured", `AI is not set up for this organization. ${AI_SETTINGS_HINT}.`);
  if (!(await getConnection(d1, scope, ai.connection_id))) {
    throw new AppError("ai_not_configured", `The AI assistant's LLM connection no longer exists. ${AI_SETTINGS_HINT}.`);
  }
  return ai;
}
