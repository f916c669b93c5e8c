// The operator's credential (a JWT from the login mutation), kept in localStorage until it expires. Sent as
// `Authorization: Bearer …` over HTTP and in graphql-ws connectionParams.

const KEY = "ocpp-central.session";

type Session = { token: string; expiresAt: string };

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function getToken(now: number = Date.now()): string | undefined {
  const raw = storage()?.getItem(KEY);
  if (!raw) return undefined;
  try {
    const session = JSON.parse(raw) as Session;
    if (typeof session.token !== "string" || Date.parse(session.expiresAt) <= now) {
      clearToken();
      return undefined;
    }
    return session.token;
  } catch {
    clearToken();
    return undefined;
  }
}

export function setToken(token: string, expiresAt: string): void {
  storage()?.setItem(KEY, JSON.stringify({ token, expiresAt } satisfies Session));
}

export function clearToken(): void {
  storage()?.removeItem(KEY);
}

export function authorizationHeader(): Record<string, string> {
  const token = getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}
