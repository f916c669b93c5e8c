import { describe, expect, it } from "vitest";
import { FramingError, OcppError, spellAsOcpp16 } from "../../src/ocpp/errors.js";
import {
  MAX_UNIQUE_ID_LENGTH,
  parseFrame,
  serializeCall,
  serializeCallError,
  serializeCallResult,
} from "../../src/ocpp/framing.js";

/** Runs parseFrame on text that must be rejected and returns the FramingError it threw. */
function rejectionOf(raw: string): FramingError {
  try {
    parseFrame(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(FramingError);
    return error as FramingError;
  }
  throw new Error(`parseFrame accepted ${raw}`);
}

describe("parseFrame: well-formed OCPP-J messages", () => {
  it("reads a CALL [2, uniqueId, action, payload]", () => {
    expect(
      parseFrame(
        '[2,"19223201","BootNotification",{"chargePointVendor":"VendorX","chargePointModel":"SingleSocketCharger"}]',
      ),
    ).toEqual({
      messageType: "CALL",
      uniqueId: "19223201",
      action: "BootNotification",
      payload: { chargePointVendor: "VendorX", chargePointModel: "SingleSocketCharger" },
    });
  });

  it("reads a CALL with an empty payload object", () => {
    expect(parseFrame('[2,"a","Heartbeat",{}]')).toEqual({
      messageType: "CALL",
      uniqueId: "a",
      action: "Heartbeat",
      payload: {},
    });
  });

  it("reads a CALLRESULT [3, uniqueId, payload]", () => {
    expect(
      parseFrame('[3,"19223201",{"status":"Accepted","currentTime":"2013-02-01T20:53:32.486Z","interval":300}]'),
    ).toEqual({
      messageType: "CALLRESULT",
      uniqueId: "19223201",
      payload: { status: "Accepted", currentTime: "2013-02-01T20:53:32.486Z", interval: 300 },
    });
  });

  it("reads a CALLERROR [4, uniqueId, errorCode, errorDescription, errorDetails]", () => {
    expect(parseFrame('[4,"162376037","NotSupported","SetDisplayMessageRequest not implemented",{"hint":1}]')).toEqual({
      messageType: "CALLERROR",
      uniqueId: "162376037",
      errorCode: "NotSupported",
      errorDescription: "SetDisplayMessageRequest not implemented",
      errorDetails: { hint: 1 },
    });
  });

  it("accepts a unique id of exactly 36 characters (a UUID)", () => {
    const uuid = "3f2b8c1e-0d4a-4b7e-9c6f-1a2b3c4d5e6f";
    expect(uuid).toHaveLength(MAX_UNIQUE_ID_LENGTH);
    expect(parseFrame(`[2,"${uuid}","Heartbeat",{}]`)).toMatchObject({ uniqueId: uuid });
  });

  it("tolerates whitespace around and inside the JSON array", () => {
    expect(parseFrame(' \n[ 3 , "x" , { } ]\n ')).toEqual({ messageType: "CALLRESULT", uniqueId: "x", payload: {} });
  });
});

describe("parseFrame: frames that are not OCPP-J messages", () => {
  it.each([
    ["text that is not JSON", "hello"],
    ["truncated JSON", '[2,"1","Heartbeat",{'],
    ["an empty frame", ""],
  ])("rejects %s as RpcFrameworkError (1.6: FormationViolation) without a unique id", (_name, raw) => {
    const error = rejectionOf(raw);
    expect(error.code).toBe("RpcFrameworkError");
    expect(spellAsOcpp16(error.code)).toBe("FormationViolation");
    expect(error.uniqueId).toBeUndefined();
  });

  it.each([
    ["a JSON object", '{"messageTypeId":2,"uniqueId":"1"}'],
    ["a JSON string", '"[2,\\"1\\",\\"Heartbeat\\",{}]"'],
    ["a JSON number", "2"],
    ["JSON null", "null"],
  ])("rejects %s (not an array) as RpcFrameworkError (1.6: FormationViolation) without a unique id", (_name, raw) => {
    const error = rejectionOf(raw);
    expect(error.code).toBe("RpcFrameworkError");
    expect(spellAsOcpp16(error.code)).toBe("FormationViolation");
    expect(error.uniqueId).toBeUndefined();
  });

  it.each([
    ["a number", '[2,19223201,"Heartbeat",{}]'],
    ["null", '[2,null,"Heartbeat",{}]'],
    ["an object", '[2,{"id":"1"},"Heartbeat",{}]'],
    ["missing (empty array)", "[]"],
    ["missing (only a message type)", "[2]"],
    ["an empty string", '[2,"","Heartbeat",{}]'],
    ["37 characters long", `[2,"${"x".repeat(MAX_UNIQUE_ID_LENGTH + 1)}","Heartbeat",{}]`],
  ])(
    "rejects a unique id that is %s as RpcFrameworkError (1.6: FormationViolation), not recovering it",
    (_name, raw) => {
      const error = rejectionOf(raw);
      expect(error.code).toBe("RpcFrameworkError");
      expect(spellAsOcpp16(error.code)).toBe("FormationViolation");
      expect(error.uniqueId).toBeUndefined();
    },
  );
});

describe("parseFrame: readable unique id, broken message", () => {
  it.each([
    ["a CALL with 3 elements", '[2,"u1","Heartbeat"]', "CALL"],
    ["a CALL with 5 elements", '[2,"u1","Heartbeat",{},{}]', "CALL"],
    ["a CALLRESULT with 2 elements", '[3,"u1"]', "CALLRESULT"],
    ["a CALLRESULT with 4 elements", '[3,"u1",{},{}]', "CALLRESULT"],
    ["a CALLERROR with 4 elements", '[4,"u1","GenericError","oops"]', "CALLERROR"],
    ["a CALLERROR with 6 elements", '[4,"u1","GenericError","oops",{},{}]', "CALLERROR"],
  ])("rejects %s as ProtocolError and recovers the unique id", (_name, raw, kind) => {
    const error = rejectionOf(raw);
    expect(error.code).toBe("ProtocolError");
    expect(error.uniqueId).toBe("u1");
    expect(error.message).toContain(kind);
  });

  it.each([
    ["7", '[7,"u1",{}]'],
    ["0", '[0,"u1","Heartbeat",{}]'],
    ['"2" (a string)', '["2","u1","Heartbeat",{}]'],
    ["null", '[null,"u1","Heartbeat",{}]'],
  ])(
    "rejects unknown message type id %s as MessageTypeNotSupported (1.6: ProtocolError), keeping the id",
    (_name, raw) => {
      const error = rejectionOf(raw);
      expect(error.code).toBe("MessageTypeNotSupported");
      expect(spellAsOcpp16(error.code)).toBe("ProtocolError");
      expect(error.uniqueId).toBe("u1");
    },
  );

  it.each([
    ["a CALL payload that is an array", '[2,"u1","Heartbeat",[]]'],
    ["a CALL payload that is null", '[2,"u1","Heartbeat",null]'],
    ["a CALL payload that is a string", '[2,"u1","Heartbeat","{}"]'],
    ["a CALL payload that is a number", '[2,"u1","Heartbeat",0]'],
    ["a CALLRESULT payload that is an array", '[3,"u1",[]]'],
    ["a CALLRESULT payload that is null", '[3,"u1",null]'],
    ["a CALLERROR errorCode that is not a string", '[4,"u1",500,"oops",{}]'],
    ["a CALLERROR errorDescription that is not a string", '[4,"u1","GenericError",null,{}]'],
    ["a CALLERROR errorDetails that is not an object", '[4,"u1","GenericError","oops",[]]'],
  ])("rejects %s as FormatViolation (1.6: FormationViolation) and recovers the unique id", (_name, raw) => {
    const error = rejectionOf(raw);
    expect(error.code).toBe("FormatViolation");
    expect(spellAsOcpp16(error.code)).toBe("FormationViolation");
    expect(error.uniqueId).toBe("u1");
  });

  it.each([
    ["not a string", '[2,"u1",42,{}]'],
    ["empty", '[2,"u1","",{}]'],
  ])("rejects a CALL action that is %s as RpcFrameworkError (1.6: FormationViolation)", (_name, raw) => {
    const error = rejectionOf(raw);
    expect(error.code).toBe("RpcFrameworkError");
    expect(spellAsOcpp16(error.code)).toBe("FormationViolation");
    expect(error.uniqueId).toBe("u1");
  });

  it("reports framing problems as OcppErrors so they can cross the wire as CALLERRORs", () => {
    const error = rejectionOf("nope");
    expect(error).toBeInstanceOf(OcppError);
    expect(error.details).toEqual({});
    expect(error.message).not.toBe("");
  });
});

describe("serializing OCPP-J messages", () => {
  it("writes a CALL as [2, uniqueId, action, payload]", () => {
    expect(JSON.parse(serializeCall("id-1", "Reset", { type: "Soft" }))).toEqual([
      2,
      "id-1",
      "Reset",
      { type: "Soft" },
    ]);
  });

  it("writes a CALLRESULT as [3, uniqueId, payload]", () => {
    expect(JSON.parse(serializeCallResult("id-1", { currentTime: "2024-01-01T00:00:00.000Z" }))).toEqual([
      3,
      "id-1",
      { currentTime: "2024-01-01T00:00:00.000Z" },
    ]);
  });

  it("writes a CALLERROR as [4, uniqueId, errorCode, errorDescription, errorDetails] with {} as default details", () => {
    expect(JSON.parse(serializeCallError("id-1", "NotImplemented", "Unknown action"))).toEqual([
      4,
      "id-1",
      "NotImplemented",
      "Unknown action",
      {},
    ]);
    expect(JSON.parse(serializeCallError("id-1", "GenericError", "", { a: 1 }))).toEqual([
      4,
      "id-1",
      "GenericError",
      "",
      { a: 1 },
    ]);
  });

  it("round-trips each serialized message through parseFrame", () => {
    expect(parseFrame(serializeCall("u", "Heartbeat", {}))).toEqual({
      messageType: "CALL",
      uniqueId: "u",
      action: "Heartbeat",
      payload: {},
    });
    expect(parseFrame(serializeCallResult("u", { a: [1] }))).toEqual({
      messageType: "CALLRESULT",
      uniqueId: "u",
      payload: { a: [1] },
    });
    expect(parseFrame(serializeCallError("u", "InternalError", "boom", { x: "y" }))).toEqual({
      messageType: "CALLERROR",
      uniqueId: "u",
      errorCode: "InternalError",
      errorDescription: "boom",
      errorDetails: { x: "y" },
    });
  });
});
