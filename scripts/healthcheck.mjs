#!/usr/bin/env node
// The container's HEALTHCHECK: GET /health on this container's own API port. Exit 0 when it answers 200 (the server
// is up and reaches its database), 1 otherwise. With TLS_CERT set the API speaks HTTPS; the certificate names the
// public host, not 127.0.0.1, so it is not verified on this loopback request.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

const tls = Boolean(process.env.TLS_CERT);
const request = (tls ? httpsRequest : httpRequest)(
  {
    host: "127.0.0.1",
    port: Number(process.env.PORT || 8000),
    path: "/health",
    timeout: 4000,
    rejectUnauthorized: false,
  },
  (response) => {
    response.resume();
    process.exit(response.statusCode === 200 ? 0 : 1);
  },
);
request.on("timeout", () => request.destroy(new Error("timed out")));
request.on("error", () => process.exit(1));
request.end();
