import { describe, expect, it } from "vitest";
import { exampleBody } from "./example-body";

describe("exampleBody", () => {
  it("gives each property a value of its type", () => {
    const schema = {
      type: "object",
      properties: {
        user_id: { type: "string" },
        email: { type: "string", format: "email" },
        count: { type: "integer", minimum: 2.5 },
        ratio: { type: "number" },
        active: { type: "boolean" },
        tags: { type: "array", items: { type: "string" } },
        address: { type: "object", properties: { city: { type: "string" } } },
      },
    };
    expect(exampleBody(schema)).toEqual({
      user_id: "example user_id",
      email: "user@example.com",
      count: 3,
      ratio: 1,
      active: true,
      tags: ["example tags"],
      address: { city: "example city" },
    });
  });

  it("prefers the schema's own example, default or first enum value", () => {
    const schema = {
      properties: {
        plan: { type: "string", enum: ["pro", "free"] },
        region: { type: "string", default: "eu" },
        customer: { type: "string", example: "cus_42" },
      },
    };
    expect(exampleBody(schema)).toEqual({ plan: "pro", region: "eu", customer: "cus_42" });
  });

  it("takes the non-null type of a nullable property", () => {
    expect(exampleBody({ properties: { note: { type: ["null", "string"] } } })).toEqual({ note: "example note" });
  });

  it("is an empty object without a usable schema", () => {
    expect(exampleBody(undefined)).toEqual({});
    expect(exampleBody("nope")).toEqual({});
    expect(exampleBody({ type: "object" })).toEqual({});
  });

  it("stops at a depth limit instead of recursing forever", () => {
    const deep = { type: "object", properties: {} as Record<string, unknown> };
    let cursor = deep;
    for (let i = 0; i < 10; i++) {
      const next = { type: "object", properties: {} as Record<string, unknown> };
      cursor.properties.child = next;
      cursor = next;
    }
    expect(JSON.stringify(exampleBody(deep))).toBe('{"child":{"child":{"child":{"child":{"child":{}}}}}}');
  });
});
