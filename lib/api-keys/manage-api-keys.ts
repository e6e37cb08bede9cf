import { z } from "zod";
import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Db } from "@/lib/db/create-prisma";
import { NotFoundError } from "@/lib/errors/app-error";
import { describeSecret, generateApiKeySecret, hashApiKeySecret } from "./api-key-secret";
import { API_KEY_SCOPES } from "./scopes";
import { auditRow } from "@/lib/auth/audit-row";

/** POST /api/v1/admin/api-keys */
export const newApiKeySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "name is required")
    .max(80, "name must be at most 80 characters")
    .regex(/^[^\p{Cc}]+$/u, "name must not contain control characters"),
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1, "at least one scope is required")
    .transform((s) => [...new Set(s)]),
  /** Default: live, or test in demo mode (which has no live mode). */
  mode: z.enum(["live", "test"]).optional(),
});
type NewApiKey = z.infer<typeof newApiKeySchema>;

/** A key as lists show it: never the secret or its hash. */
interface ApiKeySummary {
  id: string;
  name: string;
  scopes: string[];
  prefix: string;
  lastFour: string;
  livemode: boolean;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const SUMMARY = {
  id: true,
  name: true,
  scopes: true,
  prefix: true,
  lastFour: true,
  livemode: true,
  createdBy: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/** Creates a key; the answer carries the secret, which is not stored and never shown again. */
export async function createApiKey(
  db: Db,
  input: NewApiKey,
  actor: AdminIdentity,
  livemode: boolean,
  ip?: string,
): Promise<{
  id: string;
  name: string;
  scopes: string[];
  prefix: string;
  mode: "live" | "test";
  livemode: boolean;
  secret: string;
}> {
  const mode = livemode ? "live" : "test";
  const secret = generateApiKeySecret(mode);
  const { prefix, lastFour } = describeSecret(secret);
  return db.$transaction(async (tx) => {
    const key = await tx.apiKey.create({
      data: {
        name: input.name,
        scopes: input.scopes,
        prefix,
        lastFour,
        secretHash: hashApiKeySecret(secret),
        livemode,
        createdById: actor.id,
        createdBy: actor.email,
      },
      select: { id: true, name: true, scopes: true, prefix: true },
    });
    await tx.auditLog.create({
      data: auditRow(actor, {
        action: "API_KEY_CREATED",
        target: { type: "api_key", id: key.id },
        detail: { name: key.name, scopes: key.scopes, prefix, lastFour, mode },
        ip: ip,
      }),
    });
    return { ...key, mode, livemode, secret };
  });
}

export async function listApiKeys(db: Db): Promise<ApiKeySummary[]> {
  return db.apiKey.findMany({
    select: SUMMARY,
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
}

/**
 * Revokes a key (idempotent: revoking twice keeps the first time). Takes effect on the next
 * request, since every request reads revokedAt. Audited once, even when two admins race.
 */
export async function revokeApiKey(db: Db, id: string, actor: AdminIdentity, ip?: string): Promise<ApiKeySummary> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("No such API key");
  return db.$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    const key = await tx.apiKey.findUnique({ where: { id }, select: SUMMARY });
    if (!key) throw new NotFoundError("No such API key");
    if (count === 1) {
      await tx.auditLog.create({
        data: auditRow(actor, {
          action: "API_KEY_REVOKED",
          target: { type: "api_key", id: id },
          detail: { name: key.name, prefix: key.prefix, lastFour: key.lastFour },
          ip: ip,
        }),
      });
    }
    return key;
  });
}
