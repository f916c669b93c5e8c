import { AsyncLocalStorage } from "node:async_hooks";

const actors = new AsyncLocalStorage<string>();

/** Runs fn on behalf of actor, so the commands it sends are attributed to them in the audit log. */
export const withActor = <T>(actor: string, fn: () => Promise<T>): Promise<T> => actors.run(actor, fn);

export const currentActor = (): string | undefined => actors.getStore();
