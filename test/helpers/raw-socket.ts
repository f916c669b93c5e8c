import WebSocket from "ws";

/** A bare WebSocket "charger" for sending frames no OCPP library would produce. */
export async function openRawSocket(url: string, protocols: string[] = ["ocpp1.6"]) {
  const socket = new WebSocket(url, protocols);
  const frames: unknown[] = [];
  const waiters: Array<() => void> = [];
  socket.on("message", (data) => {
    frames.push(JSON.parse(data.toString()));
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );

  async function nextFrame(timeoutMs = 3000): Promise<unknown[]> {
    const deadline = Date.now() + timeoutMs;
    while (frames.length === 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return frames.shift() as unknown[];
  }

  /** Sends raw text and waits for the answer. */
  async function exchange(raw: string | Buffer): Promise<unknown[]> {
    socket.send(raw);
    return nextFrame();
  }

  return { socket, nextFrame, exchange, closed, close: () => socket.close() };
}
