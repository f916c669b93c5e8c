import { GraphQLError } from "graphql";
import { InvalidIdTagError } from "./id-tag-service.js";
import { builder } from "../../graphql/builder.js";

const IdTagStatus = builder.enumType("IdTagStatus", { values: ["Accepted", "Blocked", "Expired"] as const });

builder.prismaObject("IdTag", {
  description: "An identifier (RFID card, app token) and whether it may charge.",
  fields: (t) => ({
    idTag: t.exposeString("idTag"),
    status: t.expose("status", { type: IdTagStatus }),
    expiryDate: t.expose("expiryDate", { type: "DateTime", nullable: true }),
    parentIdTag: t.exposeString("parentIdTag", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.queryFields((t) => ({
  idTags: t.prismaConnection({
    type: "IdTag",
    cursor: "idTag",
    resolve: (query, _root, _args, { db }) => db.idTag.findMany({ ...query, orderBy: { idTag: "asc" } }),
  }),
}));

builder.mutationFields((t) => ({
  upsertIdTag: t.prismaField({
    type: "IdTag",
    authScopes: { admin: true },
    description: "Creates or updates an ID tag; Authorize and StartTransaction answer from it at once.",
    args: {
      idTag: t.arg.string({ required: true }),
      status: t.arg({ type: IdTagStatus, required: true }),
      expiryDate: t.arg({ type: "DateTime" }),
      parentIdTag: t.arg.string(),
    },
    resolve: async (query, _root, args, { db, services }) => {
      const settings = {
        status: args.status,
        expiryDate: args.expiryDate ?? null,
        parentIdTag: args.parentIdTag ?? null,
      };
      try {
        await services.idTags.save(args.idTag, settings);
      } catch (error) {
        if (error instanceof InvalidIdTagError) {
          throw new GraphQLError(error.message, { extensions: { code: "BAD_USER_INPUT", argument: error.argument } });
        }
        throw error;
      }
      return db.idTag.findUniqueOrThrow({ ...query, where: { idTag: args.idTag } });
    },
  }),
}));
