import { lexicographicSortSchema, printSchema } from "graphql";
import { builder } from "./builder.js";
import "./station.js";
import "./connector.js";
import "./transaction.js";
import "./ocpp-message.js";
import "./id-tag.js";
import "./commands.js";
import "./configuration.js";
import "./reservation.js";
import "./charging-profile.js";
import "./dashboard.js";
import "./security.js";

export const schema = builder.toSchema();

/** The schema as committed in schema.graphql: printed and sorted, so any change shows in review. */
export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`;
