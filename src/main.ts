import { startApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
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
  logger.fatal({ err: error }, "Could not start");
  process.exit(1);
});

let stopping = false;
const shutdown = async (signal: string, exitCode = 0) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "Shutting down");
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
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
