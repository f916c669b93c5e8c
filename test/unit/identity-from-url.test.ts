import { describe, expect, it } from "vitest";
import { identityFromUrl } from "../../src/ocpp/server.js";

describe("identityFromUrl", () => {
  it.each([
    ["/CP001", "CP001"],
    ["/ocpp/CP001", "CP001"],
    ["/ocpp/CP001?token=x", "CP001"],
    ["/ocpp/CP%3A001", "CP:001"],
    ["/ocpp/...", "..."],
    ["/ocpp/.CP", ".CP"],
  ])("reads %j as %j", (url, identity) => {
    expect(identityFromUrl(url)).toBe(identity);
  });

  it.each([
    "/",
    "",
    "/ocpp/",
    "/ocpp/CP001/",
    "/ocpp/CP%20001",
    "/ocpp/%E0%A4%A",
    "/.",
    "/..",
    "/ocpp/%2E",
    "/ocpp/%2e%2E",
    undefined,
  ])("finds no identity in %j", (url) => {
    expect(identityFromUrl(url)).toBeUndefined();
  });
});
