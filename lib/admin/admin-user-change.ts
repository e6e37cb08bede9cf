import { z } from "zod";
import type { AdminRole } from "@/lib/generated/prisma/enums";
import { ConflictError } from "@/lib/errors/app-error";

/** What an admin may do to a user from the users page (one action per request). */
export const adminUserChangeSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("disable") }),
  z.object({ action: z.literal("enable") }),
  z.object({ action: z.literal("set-role"), role: z.enum(["ADMIN", "VIEWER"]) }),
  z.object({ action: z.literal("reset-password"), password: z.string().min(10, "at least 10 characters").max(200) }),
  z.object({ action: z.literal("sign-out-everywhere") }),
]);
export type AdminUserChange = z.infer<typeof adminUserChangeSchema>;

type AdminUserAuditAction =
  "USER_DISABLED" | "USER_ENABLED" | "USER_ROLE_CHANGED" | "USER_PASSWORD_RESET" | "USER_SESSIONS_REVOKED";

interface AdminUserChangePlan {
  update: { disabled?: boolean; role?: AdminRole };
  /** Raise session_version: every session of the user ends at its next request. */
  endSessions: boolean;
  audit: { action: AdminUserAuditAction; detail: Record<string, string | boolean> };
}

/**
 * Pure: what a change does to a user, or a ConflictError when it would leave no enabled admin
 * (`activeAdmins` counts enabled admins, the target included). Disabling and demoting end the
 * user's sessions, and so do a password reset and "sign out everywhere"; enabling and promoting
 * need not (the user signs in again, or keeps a session that simply gains rights).
 */
export function planAdminUserChange(
  target: { role: AdminRole; disabled: boolean },
  change: AdminUserChange,
  activeAdmins: number,
): AdminUserChangePlan {
  const removesAdmin =
    target.role === "ADMIN" &&
    !target.disabled &&
    (change.action === "disable" || (change.action === "set-role" && change.role !== "ADMIN"));
  if (removesAdmin && activeAdmins <= 1)
    throw new ConflictError("LAST_ADMIN", "The last enabled admin cannot be disabled or demoted");
  switch (change.action) {
    case "disable":
      return { update: { disabled: true }, endSessions: true, audit: { action: "USER_DISABLED", detail: {} } };
    case "enable":
      return { update: { disabled: false }, endSessions: false, audit: { action: "USER_ENABLED", detail: {} } };
    case "set-role":
      return {
        update: { role: change.role },
        endSessions: target.role === "ADMIN" && change.role !== "ADMIN",
        audit: { action: "USER_ROLE_CHANGED", detail: { from: target.role, to: change.role } },
      };
    case "reset-password":
      // The password itself never reaches the audit log.
      return { update: {}, endSessions: true, audit: { action: "USER_PASSWORD_RESET", detail: {} } };
    case "sign-out-everywhere":
      return { update: {}, endSessions: true, audit: { action: "USER_SESSIONS_REVOKED", detail: {} } };
  }
}
