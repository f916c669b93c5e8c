// Pure reducers that fold subscription events into the lists a view shows. They keep order and identity of the
// untouched rows so that only what changed re-renders.

/** A 1.6 connector is its own EVSE, so evseId may be left out there. */
type ConnectorLike = { connectorId: number; evseId?: number };

const evseOf = (connector: ConnectorLike) => connector.evseId ?? connector.connectorId;
type StationLike<C extends ConnectorLike> = { chargePointId: string; connectors: C[] };

/** Replaces the station with the same chargePointId, or adds it in chargePointId order. */
export function upsertStation<S extends { chargePointId: string }>(stations: readonly S[], station: S): S[] {
  const index = stations.findIndex((s) => s.chargePointId === station.chargePointId);
  if (index >= 0) return stations.map((s, i) => (i === index ? { ...s, ...station } : s));
  const at = stations.findIndex((s) => s.chargePointId.localeCompare(station.chargePointId) > 0);
  return at < 0 ? [...stations, station] : [...stations.slice(0, at), station, ...stations.slice(at)];
}

/** Replaces or adds one connector (known by EVSE and connector), kept in EVSE then connector order. */
export function upsertConnector<C extends ConnectorLike>(connectors: readonly C[], connector: C): C[] {
  const rest = connectors.filter((c) => c.connectorId !== connector.connectorId || evseOf(c) !== evseOf(connector));
  return [...rest, connector].sort((a, b) => evseOf(a) - evseOf(b) || a.connectorId - b.connectorId);
}

/** Applies a connector event to the station it belongs to; unknown stations are left alone. */
export function applyConnectorEvent<C extends ConnectorLike & { chargePointId: string }, S extends StationLike<C>>(
  stations: readonly S[],
  connector: C,
): S[] {
  let changed = false;
  const next = stations.map((station) => {
    if (station.chargePointId !== connector.chargePointId) return station;
    changed = true;
    return { ...station, connectors: upsertConnector(station.connectors, connector) };
  });
  return changed ? next : (stations as S[]);
}

type TransactionLike = { transactionId: number; active: boolean };

/** Replaces the transaction with the same id, or puts a new one first (lists are newest first). */
export function upsertTransaction<T extends { transactionId: number }>(
  transactions: readonly T[],
  transaction: T,
): T[] {
  const index = transactions.findIndex((t) => t.transactionId === transaction.transactionId);
  if (index >= 0) return transactions.map((t, i) => (i === index ? { ...t, ...transaction } : t));
  return [transaction, ...transactions].sort((a, b) => b.transactionId - a.transactionId);
}

/** Moves a transaction between the active and the past list as its state says. */
export function applyTransactionEvent<T extends TransactionLike>(
  lists: { active: readonly T[]; past: readonly T[] },
  transaction: T,
): { active: T[]; past: T[] } {
  const without = (list: readonly T[]) => list.filter((t) => t.transactionId !== transaction.transactionId);
  return transaction.active
    ? { active: upsertTransaction(lists.active, transaction), past: without(lists.past) }
    : { active: without(lists.active), past: upsertTransaction(lists.past, transaction) };
}

/** Puts a newly logged message first when it passes the action filter; drops duplicates; keeps at most `limit`. */
export function prependMessage<M extends { id: string; action?: string | null }>(
  messages: readonly M[],
  message: M,
  actionFilter: string | undefined,
  limit = 500,
): M[] {
  if (actionFilter && message.action !== actionFilter) return messages as M[];
  return prependById(messages, message, limit);
}

/** Puts a new row first unless a row with its id is there already; keeps at most `limit`. */
export function prependById<T extends { id: string }>(rows: readonly T[], row: T, limit = 500): T[] {
  if (rows.some((r) => r.id === row.id)) return rows as T[];
  return [row, ...rows].slice(0, limit);
}

/** Replaces or adds a row keyed by `key`, sorted by it. */
export function upsertBy<T, K extends keyof T>(rows: readonly T[], row: T, key: K): T[] {
  const rest = rows.filter((r) => r[key] !== row[key]);
  return [...rest, row].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
}
