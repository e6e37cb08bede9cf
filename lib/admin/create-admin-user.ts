import { Prisma } from "@/lib/generated/prisma/client";
import { z } from "zod";
import type { Db } from "@/lib/db/create-prisma";
import { hashPassword } from "@/lib/auth/password";
import type { AdminIdentity } from "@/lib/auth/authenticate";
import { ConflictError } from "@/lib/errors/app-error";
import { auditRow } from "@/lib/auth/audit-row";

export const newAdminUserSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[^\s@]+@[^\s@]+$/, "not an email address")
    .max(200),
  name: z.string().trim().max(80).default(""),
  password: z.string().min(10, "at least 10 characters").max(200),
  role: z.enum(["ADMIN", "VIEWER"]).default("VIEWER"),
});

type NewAdminUser = z.infer<typeof newAdminUserSchema>;

/** An admin adds a colleague (viewer by default); audited. */
export async function createAdminUser(db: Db, input: NewAdminUser, actor: AdminIdentity, ip?: string) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.adminUser.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
        select: { id: true, email: true, name: true, role: true, createdAt: true },
      });
      await tx.auditLog.create({
        data: auditRow(actor, {
          action: "USER_CREATED",
          target: { type: "admin_user", id: user.id },
          detail: { email: user.email, role: user.role },
          ip: ip,
        }),
      });
      return user;
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")
      throw new ConflictError("EMAIL_TAKEN", "An admin with this email already exists");
    throw err;
  }
}

export async function listAdminUsers(db: Db) {
  return db.adminUser.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true, name: true, role: true, disabled: true, lastLoginAt: true, createdAt: true },
  });
}
