import { lexicographicSortSchema, printSchema } from "graphql";
import { builder } from "./builder.js";
import "../features/stations/station-graphql.js";
import "../features/stations/connector-graphql.js";
import "../features/transactions/transaction-graphql.js";
import "../features/audit/message-graphql.js";
import "../features/authorization/id-tag-graphql.js";
import "../features/remote-control/remote-control-graphql.js";
import "../features/firmware/firmware-graphql.js";
import "../features/local-list/local-list-graphql.js";
import "../features/configuration/configuration-graphql.js";
import "../features/reservations/reservation-graphql.js";
import "../features/smart-charging/charging-profile-graphql.js";
import "../features/stations/network-summary-graphql.js";
import "../features/device-model/device-model-graphql.js";
import "../features/station-events/station-event-graphql.js";
import "../features/access/user-graphql.js";
import "../features/access/api-key-graphql.js";
import "../features/access/station-access-graphql.js";

export const schema = builder.toSchema();

/** The schema as committed in schema.graphql: printed and sorted, so any change shows in review. */
export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`;
