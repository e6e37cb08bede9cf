import { describe, expect, it } from "vitest";
import { ConflictError } from "@/lib/errors/app-error";
import { planAdminUserChange, type AdminUserChange } from "./admin-user-change";

const admin = { role: "ADMIN" as const, disabled: false };
const viewer = { role: "VIEWER" as const, disabled: false };
const offAdmin = { role: "ADMIN" as const, disabled: true };

describe("planAdminUserChange", () => {
  it.each<[string, typeof admin | typeof viewer | typeof offAdmin, AdminUserChange, number, object]>([
    ["disable an admin of two", admin, { action: "disable" }, 2, { update: { disabled: true }, endSessions: true }],
    ["disable a viewer", viewer, { action: "disable" }, 1, { update: { disabled: true }, endSessions: true }],
    ["enable", offAdmin, { action: "enable" }, 1, { update: { disabled: false }, endSessions: false }],
    ["demote an admin of two", admin, { action: "set-role", role: "VIEWER" }, 2, { endSessions: true }],
    ["promote a viewer", viewer, { action: "set-role", role: "ADMIN" }, 1, { endSessions: false }],
    ["keep the last admin an admin", admin, { action: "set-role", role: "ADMIN" }, 1, { endSessions: false }],
    [
      "reset the last admin's password",
      admin,
      { action: "reset-password", password: "x".repeat(10) },
      1,
      { endSessions: true },
    ],
    ["sign the last admin out everywhere", admin, { action: "sign-out-everywhere" }, 1, { endSessions: true }],
    [
      "demote a disabled admin (not counted)",
      offAdmin,
      { action: "set-role", role: "VIEWER" },
      1,
      { endSessions: true },
    ],
  ])("%s", (_, target, change, activeAdmins, expected) => {
    expect(planAdminUserChange(target, change, activeAdmins)).toMatchObject(expected);
  });

  it.each<[string, AdminUserChange]>([
    ["disable", { action: "disable" }],
    ["demote", { action: "set-role", role: "VIEWER" }],
  ])("refuses to %s the last enabled admin", (_, change) => {
    expect(() => planAdminUserChange(admin, change, 1)).toThrow(ConflictError);
    expect(() => planAdminUserChange(admin, change, 1)).toThrow(/last enabled admin/);
  });

  it("audits a role change with both roles and never the password", () => {
    expect(planAdminUserChange(admin, { action: "set-role", role: "VIEWER" }, 2).audit).toEqual({
      action: "USER_ROLE_CHANGED",
      detail: { from: "ADMIN", to: "VIEWER" },
    });
    const reset = planAdminUserChange(viewer, { action: "reset-password", password: "secret-password-1" }, 1);
    expect(JSON.stringify(reset)).not.toContain("secret-password-1");
  });
});
