import { GraphQLError } from "graphql";
import { builder } from "./builder.js";

const IdTagStatus = builder.enumType("IdTagStatus", { values: ["Accepted", "Blocked", "Expired"] as const });

/** OCPP's IdToken is a case-insensitive string of at most 20 characters. */
const MAX_ID_TAG_LENGTH = 20;

function assertIdToken(name: string, value: string): void {
  if (value.length === 0 || value.length > MAX_ID_TAG_LENGTH) {
    throw new GraphQLError(`${name} must be 1 to ${MAX_ID_TAG_LENGTH} characters`, {
      extensions: { code: "BAD_USER_INPUT", argument: name },
    });
  }
}

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
    resolve: (query, _root, args, { db }) => {
      assertIdToken("idTag", args.idTag);
      if (args.parentIdTag) assertIdToken("parentIdTag", args.parentIdTag);
      const data = { status: args.status, expiryDate: args.expiryDate ?? null, parentIdTag: args.parentIdTag ?? null };
      return db.idTag.upsert({
        ...query,
        where: { idTag: args.idTag },
        create: { idTag: args.idTag, ...data },
        update: data,
      });
    },
  }),
}));
