import { useEffect, useState } from "preact/hooks";

/** The live link (graphql-ws) as the operator should see it. */
export type ConnectionStatus = "connecting" | "connected" | "reconnecting";

export type ConnectionSnapshot = {
  status: ConnectionStatus;
  /** Counts successful connections; a change after the first one means events may have been missed. */
  epoch: number;
  /** Failed attempts since the link was last up. */
  attempts: number;
  /** When the next attempt is due while reconnecting (ms since epoch). */
  retryAt?: number;
};

type Listener = (snapshot: ConnectionSnapshot) => void;

/** A tiny observable store; the graphql-ws client feeds it, components read it with useConnection(). */
export class ConnectionStore {
  private snapshot: ConnectionSnapshot = { status: "connecting", epoch: 0, attempts: 0 };
  private readonly listeners = new Set<Listener>();

  get(): ConnectionSnapshot {
    return this.snapshot;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  connecting(isRetry: boolean): void {
    this.set({
      ...this.snapshot,
      status: isRetry || this.snapshot.epoch > 0 ? "reconnecting" : "connecting",
      retryAt: undefined,
    });
  }

  connected(): void {
    this.set({ status: "connected", epoch: this.snapshot.epoch + 1, attempts: 0 });
  }

  closed(): void {
    if (this.snapshot.status === "connected") {
      this.set({ ...this.snapshot, status: "reconnecting", attempts: 0 });
    } else {
      this.set({
        ...this.snapshot,
        status: this.snapshot.epoch > 0 ? "reconnecting" : "connecting",
        attempts: this.snapshot.attempts + 1,
      });
    }
  }

  waiting(retryAt: number): void {
    this.set({ ...this.snapshot, retryAt });
  }

  private set(next: ConnectionSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener(next);
  }
}

export const connectionStore = new ConnectionStore();

export function useConnection(store: ConnectionStore = connectionStore): ConnectionSnapshot {
  const [snapshot, setSnapshot] = useState(store.get());
  useEffect(() => {
    setSnapshot(store.get());
    return store.subscribe(setSnapshot);
  }, [store]);
  return snapshot;
}
