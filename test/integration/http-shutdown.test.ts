import { connect } from "node:net";
import { expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";

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
  socket.write(
    `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n` +
      body.slice(0, half),
  );
  // Waits, as the server announces neither a half-received request nor the start of its drain: the first lets the
  // half body reach the server, the second lets close() stop accepting before the rest comes.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const closing = app.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  socket.write(body.slice(half));

  await Promise.all([closing, ended]);
  expect(response).toMatch(/^HTTP\/1\.1 200 /);
  expect(response).toContain('{"data":{"stations":{"edges":[');
});
