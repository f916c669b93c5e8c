import { createHash, randomBytes } from "node:crypto";

const KEY_PREFIX = "ocpk_";

/** A new API key: 256 random bits, so a fast hash is enough to store it safely. */
export function generateApiKey(): { key: string; prefix: string; keyHash: string } {
  const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, 12), keyHash: hashApiKey(key) };
}

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export const looksLikeApiKey = (credential: string) => credential.startsWith(KEY_PREFIX);
