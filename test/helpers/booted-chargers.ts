import type { RPCClient } from "ocpp-rpc";
import { afterEach } from "vitest";
import { bootChargePoint, type TestApp, uniqueId } from "./app.js";

/**
 * Boots chargers (identities `<prefix>-…`) on a test file's server and closes them after each test. Forced: a
 * charger that never answers a command would otherwise wait for its own pending answer before closing.
 */
export function bootedChargers(prefix: string) {
  const open: RPCClient[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((client) => client.close({ force: true })));
  });
  return async (app: TestApp, id = uniqueId(prefix)) => {
    const client = await bootChargePoint(app, id);
    open.push(client);
    return { id, client };
  };
}
