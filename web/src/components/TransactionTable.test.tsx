import { cleanup, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import type { TransactionRowFragment } from "../gql/graphql";
import { TransactionTable } from "./TransactionTable";

afterEach(cleanup);

const row = (overrides: Partial<TransactionRowFragment>): TransactionRowFragment => ({
  transactionId: 7,
  stationTransactionId: "7",
  ocppVersion: "OCPP16",
  chargePointId: "CP16",
  evseId: 2,
  connectorId: 2,
  idTag: "TAG-1",
  idTokenType: null,
  active: false,
  status: "Stopped",
  energyWh: 1500,
  startedAt: "2026-11-25T10:00:00.000Z",
  stoppedAt: "2026-11-25T10:30:00.000Z",
  stopReason: "Local",
  closeReason: null,
  ...overrides,
});

describe("TransactionTable", () => {
  it("shows a 2.0.1 session's own id, EVSE and token type beside a 1.6 session, and dashes for what is unknown", () => {
    render(
      <TransactionTable
        caption="Sessions"
        now={Date.parse("2026-11-25T11:00:00.000Z")}
        transactions={[
          row({
            transactionId: 9,
            stationTransactionId: "b1e3c2d0-201",
            ocppVersion: "OCPP201",
            chargePointId: "CP201",
            evseId: 1,
            connectorId: 2,
            idTag: "04A2B3C4",
            idTokenType: "ISO14443",
          }),
          row({
            transactionId: 8,
            stationTransactionId: "tx-8",
            ocppVersion: "OCPP201",
            chargePointId: "CP201",
            evseId: 2,
            connectorId: null,
            idTag: null,
            idTokenType: null,
          }),
          row({}),
        ]}
      />,
    );
    const cells = (id: number) =>
      [...document.querySelectorAll(`[data-transaction="${id}"] td`)].map((cell) => cell.textContent);
    expect(cells(9).slice(0, 4)).toEqual(["#9Station's id b1e3c2d0-201", "CP201", "EVSE 1 · 2", "04A2B3C4 ISO14443"]);
    expect(cells(8).slice(0, 4)).toEqual(["#8Station's id tx-8", "CP201", "EVSE 2", "—"]);
    expect(cells(7).slice(0, 4)).toEqual(["#7", "CP16", "2", "TAG-1"]);
    expect(screen.getByTitle("The station's transaction id: b1e3c2d0-201")).toBeTruthy();
  });
});
