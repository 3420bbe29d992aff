import { describe, expect, it } from "vitest";
import { CreateConnectionBody } from "../../../../../worker/contracts/connections";
import { createBody, FIELDS_BY_TYPE } from "./connection-form";

const state = (type: Parameters<typeof createBody>[0]["type"], values: Record<string, string>) => ({
  name: " My API ",
  type,
  base_url: "",
  values,
  in: "header" as const,
});

describe("createBody", () => {
  it("builds a body the API accepts for each type", () => {
    const bodies = [
      createBody(state("bearer", { token: "t0ken" })),
      createBody(state("api_key", { api_key: "k", param_name: "" })),
      createBody(state("basic", { username: "u", password: "p" })),
      createBody(state("headers", { header_name: "X-Auth", header_value: "v" })),
      createBody(state("oauth2", { access_token: "a", refresh_token: "", expires_at: "2030-01-01T00:00:00Z" })),
    ];
    for (const body of bodies) expect(CreateConnectionBody.safeParse(body).success).toBe(true);
    expect(bodies[0]).toEqual({ name: "My API", credentials: { type: "bearer", token: "t0ken" } });
    expect(bodies[4]?.credentials).toEqual({
      type: "oauth2",
      access_token: "a",
      expires_at: "2030-01-01T00:00:00.000Z",
    });
  });

  it("leaves a missing secret empty so the server names the field", () => {
    expect(CreateConnectionBody.safeParse(createBody(state("bearer", {}))).success).toBe(false);
  });

  it("marks every secret input as a password field", () => {
    const secrets = Object.values(FIELDS_BY_TYPE).flatMap((fields) => fields.filter((f) => f.secret).map((f) => f.key));
    expect(secrets).toEqual(
      expect.arrayContaining(["api_key", "token", "password", "header_value", "access_token", "client_secret"]),
    );
  });
});
