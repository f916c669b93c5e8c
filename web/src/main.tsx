import { render } from "preact";
import { App } from "./App";
import { createGraphQLClient } from "./lib/client";
import "./styles.css";

render(<App client={createGraphQLClient()} />, document.getElementById("app")!);
