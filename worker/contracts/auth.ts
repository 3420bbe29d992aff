/** Contracts of accounts, sessions and `/me`. */
import { z } from "@hono/zod-openapi";
import { Email } from "./common";
import { AssignableRole, Role } from "./roles";

export const Password = z.string().min(1, "Enter a password").max(128);

export const RegisterBody = z
  .object({
    email: Email,
    password: Password,
    name: z.string().trim().min(1).max(100),
    org_name: z.string().trim().min(1).max(100),
  })
  .openapi("RegisterRequest");

export const LoginBody = z.object({ email: Email, password: Password }).openapi("LoginRequest");

export const RefreshBody = z
  .object({
    refresh_token: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: "For non-browser clients; browsers send the HttpOnly cookie instead" }),
  })
  .openapi("RefreshRequest");

export const SwitchOrgBody = z
  .object({ org_id: z.string().min(1).max(100), refresh_token: z.string().max(200).optional() })
  .openapi("SwitchOrgRequest");

export const AcceptInviteBody = z
  .object({
    token: z.string().min(10).max(200),
    name: z.string().trim().min(1).max(100).optional(),
    password: Password,
  })
  .openapi("AcceptInviteRequest");

export const UserSummary = z.object({ id: z.string(), email: z.string(), name: z.string() }).openapi("User");
export const OrgSummary = z.object({ id: z.string(), name: z.string() }).openapi("Org");

export const TokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int(),
    refresh_token: z
      .string()
      .optional()
      .openapi({ description: "Only when requested in the body (non-browser clients)" }),
    user: UserSummary,
    org: OrgSummary,
    role: Role,
  })
  .openapi("TokenResponse");
export type TokenResponse = z.infer<typeof TokenResponse>;

export const Membership = OrgSummary.extend({ role: Role }).openapi("Membership");

export const Me = z
  .object({
    principal: z.object({ type: z.enum(["user", "api_key"]), id: z.string(), name: z.string().optional() }),
    user: UserSummary.nullable(),
    org: OrgSummary,
    role: Role,
    orgs: z.array(Membership),
  })
  .openapi("Me");
export type Me = z.infer<typeof Me>;

export const InviteRole = AssignableRole;
