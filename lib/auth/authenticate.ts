import type { AdminRole } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/db/create-prisma";
import type { SqlRunner } from "@/lib/db/hot-sql";
import { hashPassword, needsRehash, verifyPassword } from "./password";
import { currentRequestId } from "@/lib/observability/request-context";
import { countSignInAttempt, recordSignInSuccess, SIGN_IN_LIMITS, type SignInLimits } from "./sign-in-limits";

export interface AdminIdentity {
  id: string;
  email: string;
  name: string;
  role: AdminRole;
}

// A hash of a random password at today's parameters: unknown emails cost as much as wrong
// passwords, so response time does not reveal which emails exist.
const DUMMY_HASH = "scrypt$131072$8$1$ZHVtbXktc2FsdC0xNmJ5dA$U5DikIsCeGGZyENVhx4SUopAecbAS9Zuup8e5yZJvz0";

/**
 * Checks an email and password against admin_users. Counts the attempt first (sign-in-limits:
 * throws RateLimitedError while this email and client must wait), so a throttled guesser learns
 * nothing more.
 */
export async function authenticate(
  db: Db,
  sql: SqlRunner,
  input: { email: string; password: string; ip: string },
  limits: SignInLimits = SIGN_IN_LIMITS,
): Promise<(AdminIdentity & { sessionVersion: number }) | null> {
  const email = input.email.trim().toLowerCase();
  await countSignInAttempt(sql, limits, email, input.ip);
  // Case-insensitive: ADMIN_EMAIL may have been stored as typed in the environment.
  const user = await db.adminUser.findFirst({ where: { email: { equals: email, mode: "insensitive" } } });
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled) {
    await db.auditLog.create({
      data: {
        actorEmail: email.slice(0, 200),
        requestId: currentRequestId(),
        action: "SIGN_IN_FAILED",
        targetType: "admin_user",
        targetId: user?.id ?? null,
        ip: input.ip,
      },
    });
    return null;
  }
  await recordSignInSuccess(sql, limits, email, input.ip);
  // A hash from weaker parameters is replaced now, while the password is at hand.
  const passwordHash = needsRehash(user.passwordHash) ? await hashPassword(input.password) : undefined;
  await db.adminUser.update({ where: { id: user.id }, data: { lastLoginAt: new Date(), passwordHash } });
  await db.auditLog.create({
    data: {
      actorId: user.id,
      actorEmail: user.email,
      requestId: currentRequestId(),
      action: "SIGN_IN",
      targetType: "admin_user",
      targetId: user.id,
      detail: passwordHash ? { passwordRehashed: true } : undefined,
      ip: input.ip,
    },
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}
