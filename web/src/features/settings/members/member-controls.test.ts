import { describe, expect, it } from "vitest";
import { memberControls } from "./member-controls";

const member = (user_id: string, role: "owner" | "admin" | "operator" | "viewer") => ({ user_id, role });

describe("memberControls", () => {
  it("gives viewers and operators no controls at all", () => {
    for (const role of ["viewer", "operator"] as const) {
      expect(memberControls({ userId: "me", role }, member("u2", "viewer"))).toEqual({ roles: null, remove: false });
    }
  });

  it("lets an owner change any role, ownership included, and remove", () => {
    expect(memberControls({ userId: "me", role: "owner" }, member("u2", "viewer"))).toEqual({
      roles: ["owner", "admin", "operator", "viewer"],
      remove: true,
    });
    expect(memberControls({ userId: "me", role: "owner" }, member("u2", "owner")).remove).toBe(true);
  });

  it("lets an admin manage non-owners but never grant or touch ownership", () => {
    expect(memberControls({ userId: "me", role: "admin" }, member("u2", "operator"))).toEqual({
      roles: ["admin", "operator", "viewer"],
      remove: true,
    });
    expect(memberControls({ userId: "me", role: "admin" }, member("u2", "owner"))).toEqual({
      roles: null,
      remove: false,
    });
  });

  it("offers nothing on your own row", () => {
    expect(memberControls({ userId: "me", role: "owner" }, member("me", "owner"))).toEqual({
      roles: null,
      remove: false,
    });
  });
});
