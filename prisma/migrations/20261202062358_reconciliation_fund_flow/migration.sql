-- AlterTable
ALTER TABLE "reconciliation_reports" ADD COLUMN     "fees_fen" INTEGER,
ADD COLUMN     "settled_fen" INTEGER;

