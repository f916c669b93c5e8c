import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { CENTRAL_SYSTEM_ACTIONS, CHARGE_POINT_ACTIONS, OCPP16_ACTIONS } from "../../src/generated/ocpp-vocabulary.js";
import {
  OCPP201_ACTIONS,
  OCPP201_CSMS_ACTIONS,
  OCPP201_ENUMS,
  OCPP201_STATION_ACTIONS,
} from "../../src/generated/ocpp201-vocabulary.js";
import { OCPP16_SCHEMAS } from "../../src/ocpp/v16/schemas.js";
import { OCPP201_SCHEMAS } from "../../src/ocpp/v201/schemas.js";

const require = createRequire(import.meta.url);
const vendored = new URL("../../src/ocpp/v16/schemas/ocpp1_6.json", import.meta.url);

describe("the vendored OCPP 1.6 schemas", () => {
  // ocpp-rpc (a development dependency: simulator, tests) validates with its own copy; when an upgrade changes it,
  // this fails, and src/ocpp/v16/schemas/README.md says what to do.
  it("equal the copy the installed ocpp-rpc ships", () => {
    const version = (require("ocpp-rpc/package.json") as { version: string }).version;
    const shipped: unknown = JSON.parse(readFileSync(require.resolve("ocpp-rpc/lib/schemas/ocpp1_6.json"), "utf8"));
    expect(JSON.parse(readFileSync(vendored, "utf8")), `ocpp-rpc ${version}`).toEqual(shipped);
    const readme = readFileSync(new URL("../../src/ocpp/v16/schemas/README.md", import.meta.url), "utf8");
    expect(readme, "the README names the version copied").toContain(
      `ocpp-rpc](https://github.com/mikuso/ocpp-rpc) ${version}`,
    );
  });

  it("are what the server loads: every core and Security Whitepaper action, each in both directions", () => {
    expect(OCPP16_SCHEMAS).toEqual(JSON.parse(readFileSync(vendored, "utf8")));
    expect(OCPP16_ACTIONS).toContain("BootNotification");
    expect(OCPP16_ACTIONS).toContain("SignedUpdateFirmware");
    expect(OCPP16_ACTIONS).toHaveLength(39);
    const ids = new Set(OCPP16_SCHEMAS.map(({ $id }) => $id));
    for (const action of OCPP16_ACTIONS) {
      expect(ids).toContain(`urn:${action}.req`);
      expect(ids).toContain(`urn:${action}.conf`);
    }
  });

  it("give every action a sender: the charge point, the central system, or both for DataTransfer", () => {
    const sentByBoth = CHARGE_POINT_ACTIONS.filter((action) =>
      (CENTRAL_SYSTEM_ACTIONS as readonly string[]).includes(action),
    );
    expect(sentByBoth).toEqual(["DataTransfer"]);
    expect(new Set([...CHARGE_POINT_ACTIONS, ...CENTRAL_SYSTEM_ACTIONS])).toEqual(new Set(OCPP16_ACTIONS));
    expect(CHARGE_POINT_ACTIONS).toContain("StartTransaction");
    expect(CENTRAL_SYSTEM_ACTIONS).toContain("RemoteStartTransaction");
  });
});

describe("the vendored OCPP 2.0.1 schemas", () => {
  const vendored201 = new URL("../../src/ocpp/v201/schemas/ocpp2_0_1.json", import.meta.url);

  it("equal the copy the installed ocpp-rpc ships", () => {
    const version = (require("ocpp-rpc/package.json") as { version: string }).version;
    const shipped: unknown = JSON.parse(readFileSync(require.resolve("ocpp-rpc/lib/schemas/ocpp2_0_1.json"), "utf8"));
    expect(JSON.parse(readFileSync(vendored201, "utf8")), `ocpp-rpc ${version}`).toEqual(shipped);
    const readme = readFileSync(new URL("../../src/ocpp/v201/schemas/README.md", import.meta.url), "utf8");
    expect(readme, "the README names the version copied").toContain(
      `ocpp-rpc](https://github.com/mikuso/ocpp-rpc) ${version}`,
    );
  });

  it("are what the server loads: all 64 actions, each in both directions, with their enumerations", () => {
    expect(OCPP201_SCHEMAS).toEqual(JSON.parse(readFileSync(vendored201, "utf8")));
    expect(OCPP201_ACTIONS).toHaveLength(64);
    const ids = new Set(OCPP201_SCHEMAS.map(({ $id }) => $id));
    for (const action of OCPP201_ACTIONS) {
      expect(ids).toContain(`urn:${action}.req`);
      expect(ids).toContain(`urn:${action}.conf`);
    }
    expect(OCPP201_ENUMS.ConnectorStatusEnumType).toEqual([
      "Available",
      "Occupied",
      "Reserved",
      "Unavailable",
      "Faulted",
    ]);
  });

  it("give every action a sender: the station, the CSMS, or both for DataTransfer", () => {
    const sentByBoth = OCPP201_STATION_ACTIONS.filter((action) =>
      (OCPP201_CSMS_ACTIONS as readonly string[]).includes(action),
    );
    expect(sentByBoth).toEqual(["DataTransfer"]);
    expect(new Set([...OCPP201_STATION_ACTIONS, ...OCPP201_CSMS_ACTIONS])).toEqual(new Set(OCPP201_ACTIONS));
    expect(OCPP201_STATION_ACTIONS).toContain("TransactionEvent");
    expect(OCPP201_STATION_ACTIONS).toHaveLength(25);
    expect(OCPP201_CSMS_ACTIONS).toContain("RequestStartTransaction");
  });
});
