-- CreateEnum
CREATE TYPE "reservation_status" AS ENUM ('Pending', 'Accepted', 'Faulted', 'Occupied', 'Rejected', 'Unavailable', 'Cancelled', 'Used', 'Expired');

-- AlterTable
ALTER TABLE "stations" ADD COLUMN     "configuration_fetched_at" TIMESTAMPTZ(3),
ADD COLUMN     "local_list_version" INTEGER,
ADD COLUMN     "unknown_configuration_keys" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "configuration_keys" (
    "charge_point_id" VARCHAR(64) NOT NULL,
    "key" VARCHAR(50) NOT NULL,
    "value" VARCHAR(500),
    "readonly" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "configuration_keys_pkey" PRIMARY KEY ("charge_point_id","key")
);

-- CreateTable
CREATE TABLE "reservations" (
    "reservation_id" SERIAL NOT NULL,
    "charge_point_id" VARCHAR(64) NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "id_tag" VARCHAR(20) NOT NULL,
    "parent_id_tag" VARCHAR(20),
    "expiry_date" TIMESTAMPTZ(3) NOT NULL,
    "status" "reservation_status" NOT NULL DEFAULT 'Pending',
    "transaction_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reservations_pkey" PRIMARY KEY ("reservation_id")
);

-- CreateTable
CREATE TABLE "charging_profiles" (
    "id" SERIAL NOT NULL,
    "charge_point_id" VARCHAR(64) NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "charging_profile_id" INTEGER NOT NULL,
    "stack_level" INTEGER NOT NULL,
    "purpose" VARCHAR(32) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "recurrency_kind" VARCHAR(16),
    "transaction_id" INTEGER,
    "valid_from" TIMESTAMPTZ(3),
    "valid_to" TIMESTAMPTZ(3),
    "profile" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cleared_at" TIMESTAMPTZ(3),

    CONSTRAINT "charging_profiles_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reservations_charge_point_id_status_idx" ON "reservations"("charge_point_id", "status");

-- CreateIndex
CREATE INDEX "reservations_status_expiry_date_idx" ON "reservations"("status", "expiry_date");

-- CreateIndex
CREATE INDEX "charging_profiles_charge_point_id_cleared_at_idx" ON "charging_profiles"("charge_point_id", "cleared_at");

-- AddForeignKey
ALTER TABLE "configuration_keys" ADD CONSTRAINT "configuration_keys_charge_point_id_fkey" FOREIGN KEY ("charge_point_id") REFERENCES "stations"("charge_point_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_charge_point_id_fkey" FOREIGN KEY ("charge_point_id") REFERENCES "stations"("charge_point_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "charging_profiles" ADD CONSTRAINT "charging_profiles_charge_point_id_fkey" FOREIGN KEY ("charge_point_id") REFERENCES "stations"("charge_point_id") ON DELETE CASCADE ON UPDATE CASCADE;

