import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/create-prisma";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors/app-error";
import { sessionAdmin } from "./session-admin";

type Row = {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "VIEWER";
  disabled: boolean;
  sessionVersion: number;
};
const user: Row = { id: "u1", email: "a@example.com", name: "A", role: "VIEWER", disabled: false, sessionVersion: 3 };
// A fake with just the one lookup sessionAdmin makes.
const dbWith = (row: Row | null) =>
  ({
    adminUser: { findUnique: async ({ where }: { where: { id: string } }) => (row?.id === where.id ? row : null) },
  }) as unknown as Db;

describe("sessionAdmin", () => {
  it("returns the identity of a current, enabled user", async () => {
    expect(await sessionAdmin(dbWith(user), { id: "u1", sv: 3 })).toEqual({
      id: "u1",
      email: "a@example.com",
      name: "A",
      role: "VIEWER",
    });
  });

  it.each([
    ["no session", undefined, user],
    ["a session without sv", { id: "u1" }, user],
    ["a deleted user", { id: "u1", sv: 3 }, null],
    ["a disabled user", { id: "u1", sv: 3 }, { ...user, disabled: true }],
    ["an older session version (sign out everywhere)", { id: "u1", sv: 2 }, user],
  ])("refuses %s with 401", async (_what, sessionUser, row) => {
    await expect(sessionAdmin(dbWith(row), sessionUser)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("refuses a viewer where the admin role is needed with 403, and lets an admin through", async () => {
    await expect(sessionAdmin(dbWith(user), { id: "u1", sv: 3 }, "ADMIN")).rejects.toBeInstanceOf(ForbiddenError);
    const admin = await sessionAdmin(dbWith({ ...user, role: "ADMIN" }), { id: "u1", sv: 3 }, "ADMIN");
    expect(admin.role).toBe("ADMIN");
  });
});
