import { builder } from "../../graphql/builder.js";
import { runCommand } from "../../graphql/command-errors.js";
import { UpdateStatus, UpdateType } from "../../graphql/ocpp-enums.js";
import type { LocalAuthListService } from "./local-list-service.js";

const LocalListResult = builder.objectRef<{ status?: string; listVersion: number }>("LocalListResult").implement({
  fields: (t) => ({
    status: t.string({ resolve: (answer) => answer.status ?? "Accepted" }),
    listVersion: t.exposeInt("listVersion"),
  }),
});

const SendLocalListResult = builder
  .objectRef<Awaited<ReturnType<LocalAuthListService["sendLocalList"]>>>("SendLocalListResult")
  .implement({
    description: "The charger's answer to SendLocalList and the version that was sent.",
    fields: (t) => ({
      status: t.expose("status", {
        type: UpdateStatus,
        description: "The charger's status; only Accepted makes listVersion the station's localListVersion.",
      }),
      listVersion: t.exposeInt("listVersion", { description: "The version sent with this update." }),
    }),
  });

builder.mutationFields((t) => ({
  getLocalListVersion: t.field({
    type: LocalListResult,
    description: "listVersion -1 means the charger has no local list support, 0 an empty list.",
    args: { chargePointId: t.arg.string({ required: true }) },
    resolve: (_root, { chargePointId }, { services }) =>
      runCommand(async () => ({ listVersion: await services.localAuthList.getLocalListVersion(chargePointId) })),
  }),
  sendLocalList: t.field({
    type: SendLocalListResult,
    description:
      "Full: the charger's list becomes the given ID tags (all ID tags when idTags is absent; an empty idTags " +
      "clears the list). Differential: the named tags are updated from the database; named tags that do not " +
      "exist are removed from the list.",
    args: {
      chargePointId: t.arg.string({ required: true }),
      updateType: t.arg({ type: UpdateType, required: true }),
      idTags: t.arg.stringList(),
      listVersion: t.arg.int({ description: "Defaults to the station's last confirmed version + 1." }),
    },
    resolve: (_root, { chargePointId, updateType, idTags, listVersion }, { services }) =>
      runCommand(() => services.localAuthList.sendLocalList(chargePointId, { updateType, idTags, listVersion })),
  }),
}));

builder.prismaObjectField("Station", "localListVersion", (t) =>
  t.exposeInt("localListVersion", { nullable: true, description: "Last local list version the charger confirmed." }),
);
