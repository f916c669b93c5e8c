import { builder } from "../../graphql/builder.js";
import { runCommand } from "../../graphql/command-errors.js";

const RoleEnum = builder.enumType("Role", {
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

builder.prismaObject("PendingStation", {
  description: "A charge point that tried to connect without being registered.",
  fields: (t) => ({
    chargePointId: t.exposeString("chargePointId"),
    remoteAddress: t.exposeString("remoteAddress", { nullable: true }),
    attempts: t.exposeInt("attempts"),
    firstSeenAt: t.expose("firstSeenAt", { type: "DateTime" }),
    lastSeenAt: t.expose("lastSeenAt", { type: "DateTime" }),
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
  apiKeys: t.prismaField({
    type: ["ApiKey"],
    authScopes: { admin: true },
    resolve: (query, _root, _args, { db }) => db.apiKey.findMany({ ...query, orderBy: { id: "desc" } }),
  }),
  pendingStations: t.prismaConnection({
    type: "PendingStation",
    cursor: "chargePointId",
    authScopes: { admin: true },
    description:
      "Identities refused because they are not registered, most recent first. The list itself is bounded: " +
      "see docs/api-access.md.",
    resolve: (query, _root, _args, { db }) =>
      db.pendingStation.findMany({ ...query, orderBy: [{ lastSeenAt: "desc" }, { chargePointId: "asc" }] }),
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
  createApiKey: t.field({
    type: CreatedApiKey,
    authScopes: { admin: true },
    args: { name: t.arg.string({ required: true }), role: t.arg({ type: RoleEnum, required: true }) },
    resolve: (_root, { name, role }, { services, principal }) =>
      runCommand(() => services.users.createApiKey(name, role, principal?.kind === "user" ? principal.id : null)),
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
  revokeApiKey: t.prismaField({
    type: "ApiKey",
    authScopes: { admin: true },
    args: { id: t.arg.int({ required: true }) },
    resolve: (_query, _root, { id }, { services }) => runCommand(() => services.users.revokeApiKey(id)),
  }),
  setStationPassword: t.boolean({
    authScopes: { admin: true },
    description:
      "Sets (or with null clears) the HTTP Basic password a charger uses (OCPP security profiles 1 and 2). " +
      "Registers the station if it is new. Send the same value to the charger as AuthorizationKey.",
    args: {
      chargePointId: t.arg.string({ required: true }),
      password: t.arg.string({ required: false, description: "16 to 40 characters." }),
    },
    resolve: (_root, { chargePointId, password }, { services }) =>
      runCommand(async () => {
        await services.stationAccess.setPassword(chargePointId, password ?? null);
        return true;
      }),
  }),
  approveStation: t.prismaField({
    type: "Station",
    authScopes: { admin: true },
    description: "Registers a charge point (pending or new) so that it may connect.",
    args: { chargePointId: t.arg.string({ required: true }) },
    resolve: (_query, _root, { chargePointId }, { services }) =>
      runCommand(() => services.stationAccess.approve(chargePointId)),
  }),
  dismissPendingStation: t.boolean({
    authScopes: { admin: true },
    args: { chargePointId: t.arg.string({ required: true }) },
    resolve: (_root, { chargePointId }, { services }) =>
      runCommand(() => services.stationAccess.dismiss(chargePointId)),
  }),
}));
