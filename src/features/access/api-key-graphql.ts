import { builder } from "../../graphql/builder.js";
import { runCommand } from "../../graphql/command-errors.js";
import { RoleEnum } from "./user-graphql.js";

builder.prismaObject("ApiKey", {
  description: "An integrator's API key; the key itself is shown only when created.",
  fields: (t) => ({
    id: t.exposeInt("id"),
    name: t.exposeString("name"),
    prefix: t.exposeString("prefix", { description: "The key's first characters, to recognise it." }),
    role: t.expose("role", { type: RoleEnum }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    lastUsedAt: t.expose("lastUsedAt", { type: "DateTime", nullable: true }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
  }),
});

const CreatedApiKey = builder.objectRef<{ key: string; apiKey: { id: number } }>("CreatedApiKey").implement({
  fields: (t) => ({
    key: t.exposeString("key", { description: "Shown once: store it now." }),
    apiKey: t.prismaField({
      type: "ApiKey",
      resolve: (query, result, _args, { db }) =>
        db.apiKey.findUniqueOrThrow({ ...query, where: { id: result.apiKey.id } }),
    }),
  }),
});

builder.queryFields((t) => ({
  apiKeys: t.prismaField({
    type: ["ApiKey"],
    authScopes: { admin: true },
    resolve: (query, _root, _args, { db }) => db.apiKey.findMany({ ...query, orderBy: { id: "desc" } }),
  }),
}));

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKey,
    authScopes: { admin: true },
    args: { name: t.arg.string({ required: true }), role: t.arg({ type: RoleEnum, required: true }) },
    resolve: (_root, { name, role }, { services, principal }) =>
      runCommand(() => services.users.createApiKey(name, role, principal?.kind === "user" ? principal.id : null)),
  }),
  revokeApiKey: t.prismaField({
    type: "ApiKey",
    authScopes: { admin: true },
    args: { id: t.arg.int({ required: true }) },
    resolve: (_query, _root, { id }, { services }) => runCommand(() => services.users.revokeApiKey(id)),
  }),
}));
