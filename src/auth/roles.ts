export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Who is making a request: a signed-in user, an API key, or (only where auth is not required) anonymous. */
export type Principal = {
  kind: "user" | "apiKey" | "anonymous";
  id: number | null;
  /** How the audit trail names this principal. */
  name: string;
  role: Role;
  /** When the credential stops working by itself (a login token's exp); undefined for API keys. */
  expiresAt?: Date;
};

/** Roles are ordered: an operator may do what a viewer may, an admin what an operator may. */
export const roleAllows = (role: Role, needed: Role) => ROLES.indexOf(role) >= ROLES.indexOf(needed);

export const actorName = (principal: Principal) =>
  principal.kind === "anonymous" ? "anonymous" : `${principal.kind}:${principal.name}`;
