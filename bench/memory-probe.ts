// Preloaded into the benchmarked servers (node --expose-gc --import ./bench/memory-probe.ts): on request over the IPC
// channel, collects garbage and reports memory, so per-connection figures are not GC noise.
process.on("message", (message) => {
  if (message !== "measure-memory") return;
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  process.send?.({ memory: { rss, heapUsed, external, arrayBuffers } });
});
