-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "id_tag_status" AS ENUM ('Accepted', 'Blocked', 'Expired');

-- CreateEnum
CREATE TYPE "message_direction" AS ENUM ('INBOUND', 'OUTBOUND');

-- CreateEnum
CREATE TYPE "message_type" AS ENUM ('CALL', 'CALLRESULT', 'CALLERROR');

-- CreateTable
CREATE TABLE "stations" (
    "charge_point_id" VARCHAR(64) NOT NULL,
    "vendor" VARCHAR(20),
    "model" VARCHAR(20),
    "serial_number" VARCHAR(25),
    "charge_box_serial_number" VARCHAR(25),
    "firmware_version" VARCHAR(50),
    "iccid" VARCHAR(20),
    "imsi" VARCHAR(20),
    "meter_type" VARCHAR(25),
    "meter_serial_number" VARCHAR(25),
    "connected" BOOLEAN NOT NULL DEFAULT false,
    "connected_at" TIMESTAMPTZ(3),
    "disconnected_at" TIMESTAMPTZ(3),
    "last_boot_at" TIMESTAMPTZ(3),
    "last_heartbeat_at" TIMESTAMPTZ(3),
    "firmware_status" VARCHAR(32),
    "firmware_status_at" TIMESTAMPTZ(3),
    "diagnostics_status" VARCHAR(32),
    "diagnostics_status_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stations_pkey" PRIMARY KEY ("charge_point_id")
);

-- CreateTable
CREATE TABLE "connectors" (
    "id" SERIAL NOT NULL,
    "charge_point_id" VARCHAR(64) NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "status" VARCHAR(20) NOT NULL,
    "error_code" VARCHAR(30) NOT NULL,
    "info" VARCHAR(50),
    "vendor_id" VARCHAR(255),
    "vendor_error_code" VARCHAR(50),
    "status_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "connectors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "status_notifications" (
    "id" BIGSERIAL NOT NULL,
    "charge_point_id" VARCHAR(64) NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "status" VARCHAR(20) NOT NULL,
    "error_code" VARCHAR(30) NOT NULL,
    "info" VARCHAR(50),
    "vendor_id" VARCHAR(255),
    "vendor_error_code" VARCHAR(50),
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "status_notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "id_tags" (
    "id_tag" VARCHAR(20) NOT NULL,
    "status" "id_tag_status" NOT NULL DEFAULT 'Accepted',
    "expiry_date" TIMESTAMPTZ(3),
    "parent_id_tag" VARCHAR(20),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "id_tags_pkey" PRIMARY KEY ("id_tag")
);

-- CreateTable
CREATE TABLE "transactions" (
    "transaction_id" SERIAL NOT NULL,
    "charge_point_id" VARCHAR(64) NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "id_tag" VARCHAR(20) NOT NULL,
    "id_tag_status" VARCHAR(20) NOT NULL,
    "reservation_id" INTEGER,
    "meter_start" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "meter_stop" INTEGER,
    "stopped_at" TIMESTAMPTZ(3),
    "stop_reason" VARCHAR(20),
    "stop_id_tag" VARCHAR(20),
    "last_meter_wh" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "transactions_pkey" PRIMARY KEY ("transaction_id")
);

-- CreateTable
CREATE TABLE "meter_values" (
    "id" BIGSERIAL NOT NULL,
    "charge_point_id" VARCHAR(64) NOT NULL,
    "connector_id" INTEGER NOT NULL,
    "transaction_id" INTEGER,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "value" TEXT NOT NULL,
    "context" VARCHAR(32),
    "format" VARCHAR(16),
    "measurand" VARCHAR(48),
    "phase" VARCHAR(8),
    "location" VARCHAR(8),
    "unit" VARCHAR(16),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "meter_values_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ocpp_messages" (
    "id" BIGSERIAL NOT NULL,
    "charge_point_id" VARCHAR(64) NOT NULL,
    "direction" "message_direction" NOT NULL,
    "message_type" "message_type",
    "unique_id" VARCHAR(64),
    "action" VARCHAR(64),
    "payload" JSONB,
    "raw" TEXT NOT NULL,
    "error_code" VARCHAR(64),
    "error_description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ocpp_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "stations_connected_idx" ON "stations"("connected");

-- CreateIndex
CREATE UNIQUE INDEX "connectors_charge_point_id_connector_id_key" ON "connectors"("charge_point_id", "connector_id");

-- CreateIndex
CREATE INDEX "status_notifications_charge_point_id_connector_id_id_idx" ON "status_notifications"("charge_point_id", "connector_id", "id" DESC);

-- CreateIndex
CREATE INDEX "transactions_charge_point_id_transaction_id_idx" ON "transactions"("charge_point_id", "transaction_id" DESC);

-- CreateIndex
CREATE INDEX "transactions_stopped_at_idx" ON "transactions"("stopped_at");

-- CreateIndex
CREATE UNIQUE INDEX "transactions_start_key" ON "transactions"("charge_point_id", "connector_id", "id_tag", "meter_start", "started_at");

-- CreateIndex
CREATE INDEX "meter_values_transaction_id_timestamp_idx" ON "meter_values"("transaction_id", "timestamp");

-- CreateIndex
CREATE INDEX "meter_values_charge_point_id_connector_id_timestamp_idx" ON "meter_values"("charge_point_id", "connector_id", "timestamp");

-- CreateIndex
CREATE INDEX "ocpp_messages_charge_point_id_id_idx" ON "ocpp_messages"("charge_point_id", "id" DESC);

-- CreateIndex
CREATE INDEX "ocpp_messages_charge_point_id_action_id_idx" ON "ocpp_messages"("charge_point_id", "action", "id" DESC);

-- CreateIndex
CREATE INDEX "ocpp_messages_created_at_idx" ON "ocpp_messages"("created_at");

-- AddForeignKey
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_charge_point_id_fkey" FOREIGN KEY ("charge_point_id") REFERENCES "stations"("charge_point_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_notifications" ADD CONSTRAINT "status_notifications_charge_point_id_fkey" FOREIGN KEY ("charge_point_id") REFERENCES "stations"("charge_point_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_charge_point_id_fkey" FOREIGN KEY ("charge_point_id") REFERENCES "stations"("charge_point_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meter_values" ADD CONSTRAINT "meter_values_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "transactions"("transaction_id") ON DELETE CASCADE ON UPDATE CASCADE;

