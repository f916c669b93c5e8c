import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { CENTRAL_SYSTEM_ACTIONS, CHARGE_POINT_ACTIONS, OCPP16_ACTIONS } from "../../src/generated/ocpp-vocabulary.js";
import {
  OCPP201_ACTIONS,
  OCPP201_CSMS_ACTIONS,
  OCPP201_STATION_ACTIONS,
} from "../../src/generated/ocpp201-vocabulary.js";
import { createChargePointHandlers, type HandlerDependencies } from "../../src/ocpp/v16/handlers/index.js";
import { HANDLED_STATION_ACTIONS_201 } from "../../src/ocpp/v201/handlers/index.js";

// docs/ocpp-support.md says, message by message, what the CSMS does with each version: these tests keep it true to the
// generated action lists, the handler tables and the GraphQL schema.

const markdown = readFileSync(new URL("../../docs/ocpp-support.md", import.meta.url), "utf8");
const schema = readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8");

type Row = { action: string; v16: string; v201: string };

/** The rows of the table under a `## heading`: the action in backticks, then the 1.6 and the 2.0.1 cell. */
function table(heading: string): Map<string, Row> {
  const section = markdown.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  if (!section) throw new Error(`docs/ocpp-support.md has no section "## ${heading}"`);
  const rows = section
    .split("\n")
    .map((line) => /^\| `(\w+)` +\| (.*?) +\| (.*?) +\|$/.exec(line))
    .filter((match) => match !== null)
    .map(([, action, v16, v201]) => ({ action: action!, v16: v16!, v201: v201! }));
  return new Map(rows.map((row) => [row.action, row]));
}

const stationMessages = table("Messages from stations");
const commands = table("Commands from the CSMS");

const STATUSES = ["Supported", "Answered", "Planned", "Not supported", "—"] as const;
const statusOf = (cell: string) => STATUSES.find((status) => cell.startsWith(status));
const isHandled = (cell: string) => ["Supported", "Answered"].includes(statusOf(cell) ?? "");

const union = (...lists: readonly (readonly string[])[]) => [...new Set(lists.flat())].sort();
const mutations = new Set(
  [...(/^type Mutation \{\n([\s\S]*?)^\}/m.exec(schema)?.[1] ?? "").matchAll(/^ {2}(\w+)[(:]/gm)].map(
    ([, name]) => name,
  ),
);

it("has a row for every action of OCPP 1.6 and of OCPP 2.0.1, in the table of each direction it goes", () => {
  expect([...stationMessages.keys()].sort()).toEqual(union(CHARGE_POINT_ACTIONS, OCPP201_STATION_ACTIONS));
  expect([...commands.keys()].sort()).toEqual(union(CENTRAL_SYSTEM_ACTIONS, OCPP201_CSMS_ACTIONS));
  const documented = new Set([...stationMessages.keys(), ...commands.keys()]);
  expect(union(OCPP16_ACTIONS, OCPP201_ACTIONS).filter((action) => !documented.has(action))).toEqual([]);
});

it("starts every cell with its status, and says — exactly where the version does not define the message", () => {
  const cells = [
    ...[...stationMessages.values()].flatMap(({ action, v16, v201 }) => [
      { action, cell: v16, defined: (CHARGE_POINT_ACTIONS as readonly string[]).includes(action) },
      { action, cell: v201, defined: (OCPP201_STATION_ACTIONS as readonly string[]).includes(action) },
    ]),
    ...[...commands.values()].flatMap(({ action, v16, v201 }) => [
      { action, cell: v16, defined: (CENTRAL_SYSTEM_ACTIONS as readonly string[]).includes(action) },
      { action, cell: v201, defined: (OCPP201_CSMS_ACTIONS as readonly string[]).includes(action) },
    ]),
  ];
  const wrong = cells.filter(
    ({ cell, defined }) => statusOf(cell) === undefined || (statusOf(cell) === "—") === defined,
  );
  expect(wrong).toEqual([]);
});

it("calls a 2.0.1 station message Supported or Answered exactly when the 2.0.1 handler table answers it", () => {
  const handled = new Set<string>(HANDLED_STATION_ACTIONS_201);
  const calledHandled = [...stationMessages.values()].filter(({ v201 }) => isHandled(v201)).map(({ action }) => action);
  expect(
    calledHandled.filter((action) => !handled.has(action)),
    "called supported, but no handler",
  ).toEqual([]);
  expect(
    [...handled].filter((action) => !calledHandled.includes(action)),
    "a handler answers it: update docs/ocpp-support.md",
  ).toEqual([]);
});

it("calls a 1.6 station message Supported or Answered exactly when the 1.6 handler table answers it", () => {
  // Building the table only binds each handler to its dependencies: none is called.
  const handled = new Set(createChargePointHandlers({} as HandlerDependencies).keys());
  const calledHandled = [...stationMessages.values()].filter(({ v16 }) => isHandled(v16)).map(({ action }) => action);
  expect(calledHandled.sort()).toEqual([...handled].sort());
});

it("names for every supported command, and for planned ones where it names one, a mutation the schema has", () => {
  expect(mutations.has("remoteStartTransaction")).toBe(true);
  const cells = [...commands.values()].flatMap(({ action, v16, v201 }) => [
    { action, cell: v16 },
    { action, cell: v201 },
  ]);
  const mutationOf = (cell: string) => /^(?:Supported|Planned): `(\w+)`/.exec(cell)?.[1];
  expect(cells.filter(({ cell }) => statusOf(cell) === "Supported" && !mutationOf(cell))).toEqual([]);
  expect(cells.filter(({ cell }) => mutationOf(cell) !== undefined && !mutations.has(mutationOf(cell)!))).toEqual([]);
});
