import "./node-version.js"; // first: a too old Node stops here, in one sentence
import { startApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { DataDirectoryInUseError } from "./db/embedded.js";
import { createLogger } from "./logger.js";

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
const app = await startApp(config, logger).catch((error: unknown) => {
  if (error instanceof DataDirectoryInUseError) logger.fatal(error.message);
  else logger.fatal({ err: error }, "Could not start");
  process.exit(1);
});

let stopping = false;
const shutdown = async (signal: string, exitCode = 0) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, "Shutting down");
  // A database that stopped answering must not keep the process alive: past the limit it exits anyway.
  setTimeout(() => {
    logger.error({ timeoutMs: config.shutdownTimeoutMs }, "Shutdown took longer than SHUTDOWN_TIMEOUT_MS: exiting");
    process.exit(1);
  }, config.shutdownTimeoutMs).unref();
  try {
    await app.close();
    logger.info("Stopped cleanly");
    process.exit(exitCode);
  } catch (error) {
    logger.error({ err: error }, "Unclean shutdown");
    process.exit(1);
  }
};
process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "Unhandled promise rejection"));
process.on("uncaughtException", (error) => {
  logger.fatal({ err: error }, "Uncaught exception");
  void shutdown("uncaughtException", 1);
});
const onSignal = (signal: NodeJS.Signals) => {
  if (!stopping) return void shutdown(signal);
  // An operator who signals twice does not want to wait.
  logger.warn({ signal }, "Second signal while shutting down: exiting now");
  process.exit(1);
};
process.on("SIGTERM", onSignal);
process.on("SIGINT", onSignal);
