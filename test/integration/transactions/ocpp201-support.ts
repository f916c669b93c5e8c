import type { RPCClient } from "ocpp-rpc";
import { expect } from "vitest";
import { bootStation201, type TestApp, uniqueId } from "../../helpers/app.js";
import { graphql } from "../../helpers/graphql.js";

// What the 2.0.1 transaction tests share: a strict 2.0.1 station, ID tags, TransactionEvent payloads and the session
// as the API shows it.

export type Call = (action: string, payload: object) => Promise<any>;

/** A strict 2.0.1 station, booted (it validates what it sends and what it is answered against the 2.0.1 schemas). */
export async function station201(app: TestApp, clients: RPCClient[], chargePointId = uniqueId("CS201")) {
  const client = await bootStation201(app, chargePointId);
  clients.push(client);
  // ocpp-rpc types every answer as unknown; the strict client has already validated it against the 2.0.1 schema.
  const call: Call = (action, payload) => client.call(action, payload) as Promise<any>;
  return { chargePointId, client, call };
}

export async function query(app: TestApp, source: string, variables: Record<string, unknown> = {}) {
  const result = await graphql(app.graphqlUrl, source, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

export async function tag(
  app: TestApp,
  status: "Accepted" | "Blocked" | "Expired" = "Accepted",
  settings: { expiryDate?: string; parentIdTag?: string } = {},
) {
  const idTag = uniqueId("T");
  await query(
    app,
    `mutation ($idTag: String!, $status: IdTagStatus!, $expiryDate: DateTime, $parentIdTag: String) {
      upsertIdTag(idTag: $idTag, status: $status, expiryDate: $expiryDate, parentIdTag: $parentIdTag) { idTag }
    }`,
    { idTag, status, ...settings },
  );
  return idTag;
}

export const iso = (offsetSeconds = 0) => new Date(Date.now() + offsetSeconds * 1000).toISOString();

/** An energy register reading in Wh at `timestamp`, with its context. */
export const energy = (timestamp: string, wh: number, context = "Sample.Periodic") => ({
  timestamp,
  sampledValue: [{ value: wh, context, measurand: "Energy.Active.Import.Register", unitOfMeasure: { unit: "Wh" } }],
});

type EventType = "Started" | "Updated" | "Ended";

/** A TransactionEventRequest for session `transactionId` on EVSE 1, connector 1, unless `extra` says otherwise. */
export function transactionEvent(
  eventType: EventType,
  transactionId: string,
  seqNo: number,
  extra: Record<string, unknown> & { transactionInfo?: Record<string, unknown> } = {},
) {
  const { transactionInfo, ...rest } = extra;
  return {
    eventType,
    timestamp: iso(),
    triggerReason: eventType === "Started" ? "Authorized" : eventType === "Ended" ? "EVDeparted" : "MeterValuePeriodic",
    seqNo,
    evse: { id: 1, connectorId: 1 },
    transactionInfo: { transactionId, ...transactionInfo },
    ...rest,
  };
}

export const idToken = (token: string, type = "ISO14443") => ({ idToken: token, type });

const SESSION = /* GraphQL */ `
  query ($chargePointId: String!, $stationTransactionId: String!) {
    transactions(chargePointId: $chargePointId, stationTransactionId: $stationTransactionId) {
      edges {
        node {
          transactionId
          stationTransactionId
          evseId
          connectorId
          idTag
          idTokenType
          idTagStatus
          chargingState
          meterStart
          meterStop
          energyWh
          startedAt
          stoppedAt
          stopReason
          status
          active
          closeReason
          meterValues {
            timestamp
            value
            measurand
            unit
            context
          }
        }
      }
    }
  }
`;

/** The session as the API shows it, found by the station's id for it; undefined when there is none. */
export async function session(app: TestApp, chargePointId: string, stationTransactionId: string) {
  const data = await query(app, SESSION, { chargePointId, stationTransactionId });
  const edges = data.transactions.edges as Array<{ node: Record<string, any> }>;
  expect(edges.length).toBeLessThanOrEqual(1);
  return edges[0]?.node;
}
