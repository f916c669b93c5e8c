-- CreateEnum
CREATE TYPE "ocpp_version" AS ENUM ('OCPP16', 'OCPP201');

-- CreateEnum
CREATE TYPE "registration_status" AS ENUM ('Accepted', 'Pending', 'Rejected');

-- CreateEnum
CREATE TYPE "station_event_kind" AS ENUM ('Notification', 'Security');

-- DropIndex
DROP INDEX "connectors_charge_point_id_connector_id_key";

-- DropIndex
DROP INDEX "status_notifications_charge_point_id_connector_id_id_idx";

-- DropIndex
DROP INDEX "transactions_one_active_per_connector";

-- AlterTable
ALTER TABLE "stations" ADD COLUMN     "ocpp_version" "ocpp_version" NOT NULL DEFAULT 'OCPP16',
ADD COLUMN     "registration_status" "registration_status",
ALTER COLUMN "vendor" SET DATA TYPE VARCHAR(50);

-- AlterTable (edited: every stored connector and status is a 1.6 one, whose EVSE is its connector)
ALTER TABLE "connectors" ADD COLUMN     "evse_id" INTEGER;
UPDATE "connectors" SET "evse_id" = "connector_id";
ALTER TABLE "connectors" ALTER COLUMN "evse_id" SET NOT NULL;

-- AlterTable
ALTER TABLE "status_notifications" ADD COLUMN     "evse_id" INTEGER;
UPDATE "status_notifications" SET "evse_id" = "connector_id";
ALTER TABLE "status_notifications" ALTER COLUMN "evse_id" SET NOT NULL;

-- AlterTable
-- (edited: the active connector of a 1.6 session is its active EVSE, so the column keeps its values)
ALTER TABLE "transactions" RENAME COLUMN "active_connector_id" TO "active_evse_id";
ALTER TABLE "transactions" ADD COLUMN     "charging_state" VARCHAR(20),
ADD COLUMN     "evse_id" INTEGER,
ADD COLUMN     "id_token_type" VARCHAR(20),
ADD COLUMN     "station_transaction_id" VARCHAR(36),
ALTER COLUMN "connector_id" DROP NOT NULL,
ALTER COLUMN "id_tag" DROP NOT NULL,
ALTER COLUMN "meter_start" DROP NOT NULL;
UPDATE "transactions" SET "evse_id" = "connector_id";

-- AlterTable
ALTER TABLE "meter_values" ADD COLUMN     "evse_id" INTEGER,
ALTER COLUMN "connector_id" DROP NOT NULL;
UPDATE "meter_values" SET "evse_id" = "connector_id";

-- CreateTable
CREATE TABLE "transaction_events" (
    "id" BIGSERIAL NOT NULL,
    "charge_point_id" VARCHAR(64) NOT NULL,
    "station_transaction_id" VARCHAR(36) NOT NULL,
    "seq_no" INTEGER NOT NULL,
    "transaction_id" INTEGER NOT NULL,
    "event_type" VARCHAR(10) NOT NULL,
    "trigger_reason" VARCHAR(32) NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "offline" BOOLEAN NOT NULL DEFAULT false,
    "answer" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transaction_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "station_variables" (
    "id" SERIAL NOT NULL,
    "charge_point_id" VARCHAR(64) NOT NULL,
    "component" VARCHAR(50) NOT NULL,
    "component_instance" VARCHAR(50) NOT NULL DEFAULT '',
    "evse_id" INTEGER NOT NULL DEFAULT 0,
    "connector_id" INTEGER NOT NULL DEFAULT 0,
    "variable" VARCHAR(50) NOT NULL,
    "variable_instance" VARCHAR(50) NOT NULL DEFAULT '',
    "attribute_type" VARCHAR(8) NOT NULL DEFAULT 'Actual',
    "value" VARCHAR(2500),
    "mutability" VARCHAR(10),
    "data_type" VARCHAR(20),
    "unit" VARCHAR(16),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "station_variables_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "variable_monitors" (
    "id" SERIAL NOT NULL,
    "charge_point_id" VARCHAR(64) NOT NULL,
    "monitor_id" INTEGER NOT NULL,
    "component" VARCHAR(50) NOT NULL,
    "component_instance" VARCHAR(50) NOT NULL DEFAULT '',
    "evse_id" INTEGER NOT NULL DEFAULT 0,
    "connector_id" INTEGER NOT NULL DEFAULT 0,
    "variable" VARCHAR(50) NOT NULL,
    "variable_instance" VARCHAR(50) NOT NULL DEFAULT '',
    "type" VARCHAR(24) NOT NULL,
    "value" DECIMAL(20,6) NOT NULL,
    "severity" INTEGER NOT NULL,
    "transaction" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "variable_monitors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "station_events" (
    "id" BIGSERIAL NOT NULL,
    "charge_point_id" VARCHAR(64) NOT NULL,
    "kind" "station_event_kind" NOT NULL,
    "event_id" INTEGER,
    "type" VARCHAR(50) NOT NULL,
    "severity" INTEGER,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "component" VARCHAR(50),
    "variable" VARCHAR(50),
    "evse_id" INTEGER,
    "connector_id" INTEGER,
    "actual_value" VARCHAR(2500),
    "cleared" BOOLEAN,
    "tech_code" VARCHAR(50),
    "tech_info" VARCHAR(500),
    "transaction_id" VARCHAR(36),
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "station_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "transaction_events_transaction_id_timestamp_idx" ON "transaction_events"("transaction_id", "timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "transaction_events_seq_no" ON "transaction_events"("charge_point_id", "station_transaction_id", "seq_no");

-- CreateIndex
CREATE INDEX "station_variables_charge_point_id_variable_idx" ON "station_variables"("charge_point_id", "variable");

-- CreateIndex
CREATE UNIQUE INDEX "station_variables_key" ON "station_variables"("charge_point_id", "component", "component_instance", "evse_id", "connector_id", "variable", "variable_instance", "attribute_type");

-- CreateIndex
CREATE UNIQUE INDEX "variable_monitors_key" ON "variable_monitors"("charge_point_id", "monitor_id");

-- CreateIndex
CREATE INDEX "station_events_charge_point_id_id_idx" ON "station_events"("charge_point_id", "id" DESC);

-- CreateIndex
CREATE INDEX "station_events_kind_severity_id_idx" ON "station_events"("kind", "severity", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "connectors_charge_point_id_evse_id_connector_id_key" ON "connectors"("charge_point_id", "evse_id", "connector_id");

-- CreateIndex
CREATE INDEX "status_notifications_charge_point_id_evse_id_connector_id_i_idx" ON "status_notifications"("charge_point_id", "evse_id", "connector_id", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "transactions_one_active_per_evse" ON "transactions"("charge_point_id", "active_evse_id");

-- CreateIndex
CREATE UNIQUE INDEX "transactions_station_transaction_id" ON "transactions"("charge_point_id", "station_transaction_id");

-- AddForeignKey
ALTER TABLE "transaction_events" ADD CONSTRAINT "transaction_events_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "transactions"("transaction_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "station_variables" ADD CONSTRAINT "station_variables_charge_point_id_fkey" FOREIGN KEY ("charge_point_id") REFERENCES "stations"("charge_point_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "variable_monitors" ADD CONSTRAINT "variable_monitors_charge_point_id_fkey" FOREIGN KEY ("charge_point_id") REFERENCES "stations"("charge_point_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "station_events" ADD CONSTRAINT "station_events_charge_point_id_fkey" FOREIGN KEY ("charge_point_id") REFERENCES "stations"("charge_point_id") ON DELETE CASCADE ON UPDATE CASCADE;

