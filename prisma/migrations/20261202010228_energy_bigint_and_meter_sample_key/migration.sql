-- AlterTable
ALTER TABLE "transactions" ALTER COLUMN "meter_start" SET DATA TYPE BIGINT,
ALTER COLUMN "meter_stop" SET DATA TYPE BIGINT,
ALTER COLUMN "last_meter_wh" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "meter_values" ADD COLUMN     "sample_key" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "meter_values_sample_key" ON "meter_values"("sample_key");

