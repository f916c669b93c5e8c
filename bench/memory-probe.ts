// Preloaded into the benchmarked servers (node --expose-gc --import ./bench/memory-probe.ts): on request over the IPC
// channel, collects garbage and reports memory, so per-connection figures are not GC noise; or reports the CPU time
// the process has used, which moves far less from run to run than a latency percentile.
process.on("message", (message) => {
  if (message === "measure-cpu") {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
    return;
  }
  if (message !== "measure-memory") return;
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  process.send?.({ memory: { rss, heapUsed, external, arrayBuffers } });
});
