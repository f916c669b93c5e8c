import { builder } from "./builder.js";
import { runCommand } from "./command-errors.js";
import { CommandResultType } from "./command-result.js";

builder.prismaObject("ConfigurationKey", {
  description: "A configuration key as the charger last reported or accepted it.",
  fields: (t) => ({
    key: t.exposeString("key"),
    value: t.exposeString("value", { nullable: true }),
    readonly: t.exposeBoolean("readonly"),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const ReportedKey = builder
  .objectRef<{ key: string; value?: string; readonly: boolean }>("ReportedConfigurationKey")
  .implement({
    fields: (t) => ({
      key: t.exposeString("key"),
      value: t.exposeString("value", { nullable: true }),
      readonly: t.exposeBoolean("readonly"),
    }),
  });

const ConfigurationResult = builder
  .objectRef<{ configurationKey?: Array<{ key: string; value?: string; readonly: boolean }>; unknownKey?: string[] }>(
    "ConfigurationResult",
  )
  .implement({
    description: "The charger's GetConfiguration answer; it also updates Station.configuration.",
    fields: (t) => ({
      configurationKey: t.field({ type: [ReportedKey], resolve: (answer) => answer.configurationKey ?? [] }),
      unknownKey: t.stringList({ resolve: (answer) => answer.unknownKey ?? [] }),
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
    resolve: (_root, { chargePointId, keys }, { commands }) =>
      runCommand(() => commands.configuration.getConfiguration(chargePointId, keys ?? undefined)),
  }),
  changeConfiguration: t.field({
    type: CommandResultType,
    args: {
      chargePointId: t.arg.string({ required: true }),
      key: t.arg.string({ required: true }),
      value: t.arg.string({ required: true }),
    },
    resolve: (_root, { chargePointId, key, value }, { commands }) =>
      runCommand(() => commands.configuration.changeConfiguration(chargePointId, key, value)),
  }),
}));
