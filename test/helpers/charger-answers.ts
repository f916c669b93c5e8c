import type { RPCClient } from "ocpp-rpc";

export type Params = Record<string, any>;
export type Reply = Record<string, unknown> | Promise<Record<string, unknown>>;

/** The charger answers `action` with `reply`, and keeps every request it received. */
export function answer(client: RPCClient, action: string, reply: Reply | ((params: Params) => Reply)): Params[] {
  const received: Params[] = [];
  client.handle(action, async ({ params }) => {
    received.push(params ?? {});
    return typeof reply === "function" ? reply(params ?? {}) : reply;
  });
  return received;
}
