import type { AppConfig } from "@/lib/config";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { SEED_PRODUCTS } from "@/lib/catalog/seed-products";
import type { Db } from "@/lib/db/create-prisma";

interface SeedResult {
  products: number;
  /** Set only when a demo admin was created now: its password is shown this once. */
  createdAdmin?: { email: string; password?: string };
}

export const DEMO_ADMIN_EMAIL = "admin@demo.local";

/**
 * Idempotent: the demo catalog goes into an empty catalog only (once admins manage products, a
 * product they deleted must not come back at the next start); the first admin is created only
 * if none exists.
 */
export async function seed(db: Db, config: AppConfig): Promise<SeedResult> {
  if ((await db.product.count()) === 0) {
    await db.product.createMany({
      data: SEED_PRODUCTS.map((p, i) => ({ ...p, sortOrder: i })),
      skipDuplicates: true, // two instances starting at once
    });
  }
  const result: SeedResult = { products: SEED_PRODUCTS.length };
  if ((await db.adminUser.count()) > 0) return result;

  const { adminEmail, adminPassword } = config.auth;
  if (adminEmail && adminPassword) {
    await db.adminUser.create({
      data: { email: adminEmail, name: "Admin", role: "ADMIN", passwordHash: await hashPassword(adminPassword) },
    });
    result.createdAdmin = { email: adminEmail };
  } else if (config.wechat.mode === "demo") {
    const password = generatePassword();
    await db.adminUser.create({
      data: { email: DEMO_ADMIN_EMAIL, name: "Demo admin", role: "ADMIN", passwordHash: await hashPassword(password) },
    });
    result.createdAdmin = { email: DEMO_ADMIN_EMAIL, password };
  }
  return result;
}
