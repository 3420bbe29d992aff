/** An org's settings and effective limits (defaults filled in). */
import { eq } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import { DEFAULT_LIMITS, type OrgLimits, OrgSettings } from "../../contracts/orgs";
import { createDb } from "../client";
import { organizations } from "../schema";

/** Settings as stored, parsed leniently (a stored value that no longer parses counts as unset). */
export function parseSettings(raw: unknown): OrgSettings {
  const parsed = OrgSettings.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

export function effectiveLimits(settings: OrgSettings): Required<OrgLimits> {
  return { ...DEFAULT_LIMITS, ...settings.limits };
}

export async function getOrgLimits(d1: D1Database, scope: OrgScope): Promise<Required<OrgLimits>> {
  const row = await createDb(d1)
    .select({ settings: organizations.settings })
    .from(organizations)
    .where(eq(organizations.id, scope.orgId))
    .get();
  return effectiveLimits(parseSettings(row?.settings));
}
