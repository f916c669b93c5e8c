import type { Client } from "@urql/core";
import { Provider } from "@urql/preact";
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { type BaseLocationHook, Link, Route, Router, Switch, useLocation } from "wouter-preact";
import { ConnectionIndicator } from "./components/ConnectionIndicator";
import { Dashboard } from "./pages/Dashboard";
import { IdTagsPage } from "./pages/IdTags";
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
          <ConnectionIndicator />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
