-- CreateTable
CREATE TABLE "rejected_notification_tallies" (
    "reason" TEXT NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "last_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rejected_notification_tallies_pkey" PRIMARY KEY ("reason","minute")
);

-- CreateIndex
CREATE INDEX "rejected_notification_tallies_minute_idx" ON "rejected_notification_tallies"("minute");

