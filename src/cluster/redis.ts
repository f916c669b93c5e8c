import { Redis } from "ioredis";

/** One connection for commands and publishing, and one per subscriber (a subscribed connection can do nothing else). */
export function createRedisClients(url: string) {
  const options = { maxRetriesPerRequest: 3, enableAutoPipelining: true, lazyConnect: false };
  const commands = new Redis(url, options);
  const eventSubscriber = new Redis(url, options);
  const clusterSubscriber = new Redis(url, options);
  return {
    commands,
    eventSubscriber,
    clusterSubscriber,
    async close() {
      // Subscriptions end with UNSUBSCRIBE commands nobody awaits; let them reach Redis before the connections go.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await Promise.all([commands.quit(), eventSubscriber.quit(), clusterSubscriber.quit()]);
    },
  };
}
