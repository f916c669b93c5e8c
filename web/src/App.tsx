import type { Client } from "@urql/core";
import { Provider, useQuery } from "@urql/preact";
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { type BaseLocationHook, Link, Route, Router, Switch, useLocation } from "wouter-preact";
import { ConnectionIndicator } from "./components/ConnectionIndicator";
import { MeQuery } from "./documents";
import { clearToken } from "./lib/auth";
import { describeError } from "./lib/errors";
import { useRefetchOnReconnect } from "./lib/hooks";
import { Dashboard } from "./pages/Dashboard";
import { IdTagsPage } from "./pages/IdTags";
import { LoginPage } from "./pages/Login";
import { StationPage } from "./pages/Station";
import { TransactionPage, TransactionsPage } from "./pages/Transactions";

const NAV = [
  { href: "/", label: "Dashboard", match: (path: string) => path === "/" || path.startsWith("/stations") },
  { href: "/transactions", label: "Transactions", match: (path: string) => path.startsWith("/transactions") },
  { href: "/id-tags", label: "ID tags", match: (path: string) => path.startsWith("/id-tags") },
];

/** The whole app; tests pass a memory location hook instead of the browser's address bar. */
export function App({ client, locationHook }: { client: Client; locationHook?: BaseLocationHook }) {
  return (
    <Provider value={client}>
      <Router hook={locationHook}>
        <Shell>
          <Switch>
            <Route path="/">
              <Dashboard />
            </Route>
            <Route path="/stations/:id">
              {(params) => <StationPage key={params.id} chargePointId={decodeURIComponent(params.id)} />}
            </Route>
            <Route path="/transactions">
              <TransactionsPage />
            </Route>
            <Route path="/transactions/:id">
              {(params) => <TransactionPage key={params.id} transactionId={Number(params.id)} />}
            </Route>
            <Route path="/id-tags">
              <IdTagsPage />
            </Route>
            <Route>
              <h1>Not found</h1>
              <p>
                There is no page here. <Link href="/">Go to the dashboard</Link>.
              </p>
            </Route>
          </Switch>
        </Shell>
      </Router>
    </Provider>
  );
}

function Shell({ children }: { children: ComponentChildren }) {
  const [location] = useLocation();
  // Who the server takes us for: null means it requires a sign-in (in development everyone acts as admin).
  const [me, refetchMe] = useQuery({ query: MeQuery });
  useRefetchOnReconnect(() => refetchMe({ requestPolicy: "network-only" }));
  const viewer = me.data?.me;
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // After client-side navigation, move focus to the new page so screen readers announce it.
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [location]);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="top-inner">
          <Link href="/" class="brand">
            OCPP Central
          </Link>
          {viewer && (
            <nav aria-label="Main">
              <ul>
                {NAV.map((item) => (
                  <li key={item.href}>
                    <Link href={item.href} aria-current={item.match(location) ? "page" : undefined}>
                      {item.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <ConnectionIndicator />
          {viewer?.kind === "user" && (
            <div class="account">
              <span class="muted" title={`Role: ${viewer.role}`}>
                {viewer.name}
              </span>
              <button
                type="button"
                class="secondary"
                onClick={() => {
                  clearToken();
                  window.location.reload();
                }}
              >
                Sign out
              </button>
            </div>
          )}
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {viewer ? (
          children
        ) : me.data ? (
          <LoginPage />
        ) : me.error ? (
          <p class="alert">{describeError(me.error)}</p>
        ) : (
          <p class="muted">Loading…</p>
        )}
      </main>
    </>
  );
}
