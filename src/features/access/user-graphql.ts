import { builder } from "../../graphql/builder.js";
import { runCommand } from "../../graphql/command-errors.js";

export const RoleEnum = builder.enumType("Role", {
  values: ["viewer", "operator", "admin"] as const,
  description:
    "viewer: read and subscribe; operator: also command chargers; admin: also users, keys, stations, ID tags.",
});

builder.prismaObject("User", {
  fields: (t) => ({
    id: t.exposeInt("id"),
    email: t.exposeString("email"),
    role: t.expose("role", { type: RoleEnum }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    disabledAt: t.expose("disabledAt", { type: "DateTime", nullable: true }),
  }),
});

const Viewer = builder
  .objectRef<{ kind: string; name: string; role: "viewer" | "operator" | "admin" }>("Viewer")
  .implement({
    description: "Who the request is authenticated as.",
    fields: (t) => ({
      kind: t.exposeString("kind", { description: "user, apiKey or anonymous (development without AUTH_REQUIRED)." }),
      name: t.exposeString("name"),
      role: t.field({ type: RoleEnum, resolve: (viewer) => viewer.role }),
    }),
  });

const LoginResult = builder
  .objectRef<{ token: string; expiresAt: Date; user: { id: number } }>("LoginResult")
  .implement({
    fields: (t) => ({
      token: t.exposeString("token", { description: "Send as Authorization: Bearer <token>." }),
      expiresAt: t.expose("expiresAt", { type: "DateTime" }),
      user: t.prismaField({
        type: "User",
        resolve: (query, result, _args, { db }) =>
          db.user.findUniqueOrThrow({ ...query, where: { id: result.user.id } }),
      }),
    }),
  });

builder.queryFields((t) => ({
  me: t.field({
    type: Viewer,
    nullable: true,
    skipTypeScopes: true,
    description: "Null when not authenticated.",
    resolve: (_root, _args, { principal }) => principal,
  }),
  users: t.prismaField({
    type: ["User"],
    authScopes: { admin: true },
    resolve: (query, _root, _args, { db }) => db.user.findMany({ ...query, orderBy: { email: "asc" } }),
  }),
}));

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginResult,
    skipTypeScopes: true,
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_root, { email, password }, { services, clientAddress }) =>
      runCommand(() => services.users.login(email, password, clientAddress)),
  }),
  createUser: t.prismaField({
    type: "User",
    authScopes: { admin: true },
    args: {
      email: t.arg.string({ required: true }),
      password: t.arg.string({ required: true, description: "At least 12 characters." }),
      role: t.arg({ type: RoleEnum, required: true }),
    },
    resolve: (_query, _root, { email, password, role }, { services }) =>
      runCommand(() => services.users.createUser(email, password, role)),
  }),
  updateUser: t.prismaField({
    type: "User",
    authScopes: { admin: true },
    description: "Changes a user's role, or disables (enables) them. Their open graphql-ws sockets are closed (4403).",
    args: {
      id: t.arg.int({ required: true }),
      role: t.arg({ type: RoleEnum, required: false }),
      disabled: t.arg.boolean({ required: false }),
    },
    resolve: (_query, _root, { id, role, disabled }, { services }) =>
      runCommand(() => services.users.updateUser(id, { role, disabled })),
  }),
  deleteUser: t.boolean({
    authScopes: { admin: true },
    description: "Deletes a user; false when there was none. Their open graphql-ws sockets are closed (4403).",
    args: { id: t.arg.int({ required: true }) },
    resolve: (_root, { id }, { services }) => runCommand(() => services.users.deleteUser(id)),
  }),
}));
