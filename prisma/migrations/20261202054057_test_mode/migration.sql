-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "livemode" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "payment_attempts" ADD COLUMN     "livemode" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "refunds" ADD COLUMN     "livemode" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "reconciliation_reports" ADD COLUMN     "livemode" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "livemode" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "livemode" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "webhook_endpoints" ADD COLUMN     "livemode" BOOLEAN NOT NULL DEFAULT true;

-- CreateIndex
CREATE INDEX "orders_livemode_created_at_idx" ON "orders"("livemode", "created_at");


-- Rows before test mode were live. From now on every insert names its mode: no default, so a
-- code path that forgot it fails loudly instead of guessing (a guessed mode routes money).
ALTER TABLE "orders" ALTER COLUMN "livemode" DROP DEFAULT;
ALTER TABLE "payment_attempts" ALTER COLUMN "livemode" DROP DEFAULT;
ALTER TABLE "refunds" ALTER COLUMN "livemode" DROP DEFAULT;
ALTER TABLE "reconciliation_reports" ALTER COLUMN "livemode" DROP DEFAULT;
ALTER TABLE "api_keys" ALTER COLUMN "livemode" DROP DEFAULT;
ALTER TABLE "events" ALTER COLUMN "livemode" DROP DEFAULT;
ALTER TABLE "webhook_endpoints" ALTER COLUMN "livemode" DROP DEFAULT;
