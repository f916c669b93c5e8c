import { connect } from "node:net";
import { expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { until } from "../helpers/until.js";

/** Whether a new connection to the port is refused, as it is once the server has stopped listening. */
const refusesConnections = (port: number) => () =>
  new Promise<boolean>((resolve) => {
    const probe = connect(port, "127.0.0.1");
    probe.once("connect", () => {
      probe.destroy();
      resolve(false);
    });
    probe.once("error", () => resolve(true));
  });

// Shutting down answers the API requests already under way instead of cutting their connections.
it("answers a GraphQL request whose body is still arriving when the server starts to close", async () => {
  const app = await startTestApp();
  const body = JSON.stringify({ query: "{ stations(first: 1) { edges { node { chargePointId } } } }" });
  const socket = connect(app.httpPort, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  let response = "";
  socket.on("data", (chunk: Buffer) => (response += chunk.toString()));
  const ended = new Promise((resolve) => socket.once("close", resolve));

  const half = Math.floor(body.length / 2);
  // `Expect: 100-continue`: the server's "100 Continue" tells that it has the request under way.
  socket.write(
    `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n` +
      `Expect: 100-continue\r\n\r\n${body.slice(0, half)}`,
  );
  await until(() => response.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), "the server reads the request");
  const closing = app.close();
  await until(refusesConnections(app.httpPort), "close() stops accepting connections");
  socket.write(body.slice(half));

  await Promise.all([closing, ended]);
  expect(response).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
  expect(response).toContain('{"data":{"stations":{"edges":[');
});
