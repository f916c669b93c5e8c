-- OCPP's IdToken is case-insensitive: ID tags become citext, so they are looked up, compared and unique regardless
-- of case. The columns are converted in place: the diff Prisma generates drops and re-adds them, which would lose
-- every stored tag. The conversion fails if two stored tags differ only in case: merge those first.

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "citext";

-- AlterTable
ALTER TABLE "id_tags" ALTER COLUMN "id_tag" TYPE CITEXT,
ALTER COLUMN "parent_id_tag" TYPE CITEXT;

-- AlterTable
ALTER TABLE "transactions" ALTER COLUMN "id_tag" TYPE CITEXT,
ALTER COLUMN "stop_id_tag" TYPE CITEXT;

-- AlterTable
ALTER TABLE "reservations" ALTER COLUMN "id_tag" TYPE CITEXT,
ALTER COLUMN "parent_id_tag" TYPE CITEXT;
