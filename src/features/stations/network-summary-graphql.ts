import { builder } from "../../graphql/builder.js";
import { ConnectorStatus, type ConnectorStatusValue } from "./connector-graphql.js";

type StatusCount = { status: string; count: number };
type NetworkSummary = {
  stationsOnline: number;
  stationsOffline: number;
  connectorsByStatus: StatusCount[];
  activeTransactions: number;
  energyWhSince: number;
};

const StatusCountType = builder.objectRef<StatusCount>("StatusCount").implement({
  fields: (t) => ({
    status: t.field({
      type: ConnectorStatus,
      // Only validated status reports write connector statuses.
      resolve: (count) => count.status as ConnectorStatusValue,
    }),
    count: t.exposeInt("count"),
  }),
});

const NetworkSummaryType = builder.objectRef<NetworkSummary>("NetworkSummary").implement({
  description: "Counts for a dashboard, computed in a handful of aggregate queries.",
  fields: (t) => ({
    stationsOnline: t.exposeInt("stationsOnline"),
    stationsOffline: t.exposeInt("stationsOffline"),
    connectorsByStatus: t.field({
      type: [StatusCountType],
      description: "Physical connectors (connectorId > 0) by their latest status.",
      resolve: (summary) => summary.connectorsByStatus,
    }),
    activeTransactions: t.exposeInt("activeTransactions"),
    energyWhSince: t.exposeInt("energyWhSince", {
      description: "Energy delivered by sessions that were running at some point since `since`, in Wh.",
    }),
  }),
});

const startOfTodayUtc = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
};

builder.queryField("networkSummary", (t) =>
  t.field({
    type: NetworkSummaryType,
    args: { since: t.arg({ type: "DateTime", description: "Defaults to the start of today (UTC)." }) },
    resolve: async (_root, { since }, { services }) => {
      const from = since ?? startOfTodayUtc();
      const [stations, sessions] = await Promise.all([services.stations.counts(), services.transactions.summary(from)]);
      return {
        stationsOnline: stations.online,
        stationsOffline: stations.offline,
        connectorsByStatus: stations.connectorsByStatus,
        activeTransactions: sessions.activeTransactions,
        energyWhSince: sessions.energyWhSince,
      };
    },
  }),
);
