import SchemaBuilder from "@pothos/core";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ComplexityPlugin from "@pothos/plugin-complexity";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import { getNamedType, getNullableType, GraphQLError, isLeafType, isListType } from "graphql";
import { roleAllows } from "../auth/roles.js";
import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import type PrismaTypes from "../generated/pothos-prisma-types.js";
import { getDatamodel } from "../generated/pothos-prisma-types.js";
import type { GraphQLContext } from "./context.js";

export const builder = new SchemaBuilder<{
  PrismaTypes: PrismaTypes;
  Context: GraphQLContext;
  AuthScopes: { viewer: boolean; operator: boolean; admin: boolean };
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  // Scope auth first, so authorization runs before anything else resolves.
  plugins: [ScopeAuthPlugin, ComplexityPlugin, PrismaPlugin, RelayPlugin],
  // Cost with the request's variables applied: a page size passed as $first counts like a literal one.
  complexity: {
    fieldComplexity: (args, _context, field) => {
      const pageSize =
        typeof args.first === "number" ? args.first : typeof args.last === "number" ? args.last : undefined;
      if (pageSize !== undefined) return { field: 1, multiplier: Math.max(1, pageSize) };
      // Cost counts the objects a query makes us load; their scalar fields come with them.
      if (isLeafType(getNamedType(field.type))) return 0;
      // A connection's page size already counted its edges.
      if (field.name === "edges") return 1;
      return { field: 1, multiplier: isListType(getNullableType(field.type)) ? 10 : 1 };
    },
    limit: (context) => ({ complexity: context.limits.maxCost, depth: context.limits.maxDepth, breadth: 10_000 }),
    complexityError: (kind, result) => {
      const measure = kind.toLowerCase() as "complexity" | "depth" | "breadth";
      const limit = result[`max${kind}` as "maxComplexity" | "maxDepth" | "maxBreadth"];
      return new GraphQLError(`Query ${measure} ${result[measure]} is over the limit of ${limit}`, {
        extensions: { code: "QUERY_TOO_COMPLEX", ...result },
      });
    },
  },
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: ({ principal }) => ({
      viewer: !!principal && roleAllows(principal.role, "viewer"),
      operator: !!principal && roleAllows(principal.role, "operator"),
      admin: !!principal && roleAllows(principal.role, "admin"),
    }),
    unauthorizedError: (_parent, { principal }) =>
      principal
        ? new GraphQLError(`Role ${principal.role} may not do this`, { extensions: { code: "FORBIDDEN" } })
        : new GraphQLError("Authentication required: send Authorization: Bearer <token or API key>", {
            extensions: { code: "UNAUTHENTICATED" },
          }),
  },
  defaultFieldNullability: false,
  prisma: {
    client: (context) => context.db,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    defaultConnectionSize: 50,
    maxConnectionSize: 500,
    onUnusedQuery: process.env.NODE_ENV === "production" ? null : "warn",
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    // Lists are plain connections; Relay's global node interface is not part of this API.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

builder.addScalarType("DateTime", DateTimeResolver);
builder.addScalarType("JSON", JSONResolver);

// Reading needs a viewer, commanding an operator; fields that manage users, stations and ID tags ask for admin.
builder.queryType({ authScopes: { viewer: true } });
builder.mutationType({ authScopes: { operator: true } });
builder.subscriptionType({ authScopes: { viewer: true } });
