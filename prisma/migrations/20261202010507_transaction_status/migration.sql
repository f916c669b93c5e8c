-- Transactions get a status. A start whose idTag was not Accepted is Refused: it never counts as active and never
-- holds its tag. One tag holds at most one active transaction, one connector at most one: active_id_tag and
-- active_connector_id are set only while a transaction is Active, and unique (NULLs never collide).

-- CreateEnum
CREATE TYPE "transaction_status" AS ENUM ('Active', 'Refused', 'Stopped', 'Closed');

-- AlterTable
ALTER TABLE "transactions" ADD COLUMN     "active_connector_id" INTEGER,
ADD COLUMN     "active_id_tag" CITEXT,
ADD COLUMN     "close_reason" VARCHAR(500),
ADD COLUMN     "status" "transaction_status" NOT NULL DEFAULT 'Active';

-- Stored refused starts (Blocked, Expired, Invalid, ConcurrentTx), stopped or not, are Refused.
UPDATE "transactions" SET "status" = 'Refused' WHERE "id_tag_status" <> 'Accepted';
UPDATE "transactions" SET "status" = 'Stopped' WHERE "status" = 'Active' AND "stopped_at" IS NOT NULL;

-- Before this migration several accepted transactions could be open on one connector (a StopTransaction that never
-- came) or with one tag (simultaneous starts). Only the latest of each stays Active, the others are closed.
UPDATE "transactions" AS t
SET "status" = 'Closed', "stopped_at" = now(), "updated_at" = now(),
    "close_reason" = 'Superseded by transaction ' || open.next_id || ' on the same connector (migration)'
FROM (
  SELECT "transaction_id", lead("transaction_id") OVER (
    PARTITION BY "charge_point_id", "connector_id" ORDER BY "transaction_id") AS next_id
  FROM "transactions" WHERE "status" = 'Active'
) AS open
WHERE t."transaction_id" = open."transaction_id" AND open.next_id IS NOT NULL;

UPDATE "transactions" AS t
SET "status" = 'Closed', "stopped_at" = now(), "updated_at" = now(),
    "close_reason" = 'Superseded by transaction ' || open.next_id || ' with the same idTag (migration)'
FROM (
  SELECT "transaction_id", lead("transaction_id") OVER (PARTITION BY "id_tag" ORDER BY "transaction_id") AS next_id
  FROM "transactions" WHERE "status" = 'Active'
) AS open
WHERE t."transaction_id" = open."transaction_id" AND open.next_id IS NOT NULL;

UPDATE "transactions" SET "active_id_tag" = "id_tag", "active_connector_id" = "connector_id"
WHERE "status" = 'Active';

-- CreateIndex
CREATE UNIQUE INDEX "transactions_one_active_per_id_tag" ON "transactions"("active_id_tag");

-- CreateIndex
CREATE UNIQUE INDEX "transactions_one_active_per_connector" ON "transactions"("charge_point_id", "active_connector_id");
