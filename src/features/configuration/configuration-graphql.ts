import type { ReportedConfiguration } from "./configuration-service.js";
import { REDACTED } from "./secret-configuration.js";
import { builder } from "../../graphql/builder.js";
import { runCommand } from "../../graphql/command-errors.js";
import { CommandResultType } from "../../graphql/command-result.js";

builder.prismaObject("ConfigurationKey", {
  description: "A configuration key as the charger last reported or accepted it.",
  fields: (t) => ({
    key: t.exposeString("key"),
    value: t.string({
      nullable: true,
      description: `"${REDACTED}" for a secret key that has a value (write-only; see docs/security.md).`,
      // Stored redacted already; this also covers rows stored before their key was listed as secret.
      resolve: (row, _args, { services }) => services.configuration.secrets.storable(row.key, row.value),
    }),
    readonly: t.exposeBoolean("readonly"),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const ReportedKey = builder.objectRef<ReportedConfiguration["keys"][number]>("ReportedConfigurationKey").implement({
  fields: (t) => ({
    key: t.exposeString("key"),
    value: t.exposeString("value", { nullable: true }),
    readonly: t.exposeBoolean("readonly"),
  }),
});

const ConfigurationResult = builder.objectRef<ReportedConfiguration>("ConfigurationResult").implement({
  description: "The charger's GetConfiguration answer; it also updates Station.configuration.",
  fields: (t) => ({
    configurationKey: t.field({ type: [ReportedKey], resolve: (answer) => answer.keys }),
    unknownKey: t.stringList({ resolve: (answer) => answer.unknownKeys }),
  }),
});

builder.prismaObjectFields("Station", (t) => ({
  configuration: t.relation("configuration", { query: { orderBy: { key: "asc" } } }),
  unknownConfigurationKeys: t.exposeStringList("unknownConfigurationKeys", {
    description: "Keys the charger did not recognise in the last GetConfiguration.",
  }),
  configurationFetchedAt: t.expose("configurationFetchedAt", { type: "DateTime", nullable: true }),
}));

builder.mutationFields((t) => ({
  getConfiguration: t.field({
    type: ConfigurationResult,
    args: {
      chargePointId: t.arg.string({ required: true }),
      keys: t.arg.stringList({ description: "Omit for every key the charger has." }),
    },
    resolve: (_root, { chargePointId, keys }, { services }) =>
      runCommand(() => services.configuration.getConfiguration(chargePointId, keys ?? undefined)),
  }),
  changeConfiguration: t.field({
    type: CommandResultType,
    description:
      "Secret keys (AuthorizationKey and OCPP_SECRET_CONFIGURATION_KEYS) need an admin: an accepted AuthorizationKey " +
      "becomes the station's HTTP Basic password, like setStationPassword.",
    authScopes: (_root, { key }, { services }) =>
      services.configuration.secrets.isSecret(key) ? { admin: true } : { operator: true },
    args: {
      chargePointId: t.arg.string({ required: true }),
      key: t.arg.string({ required: true }),
      value: t.arg.string({ required: true }),
    },
    resolve: (_root, { chargePointId, key, value }, { services }) =>
      runCommand(() => services.configuration.changeConfiguration(chargePointId, key, value)),
  }),
}));
