import { useState } from "preact/hooks";
import type { MessageRowFragment } from "../gql/graphql";
import { formatDateTime, formatTime } from "../lib/format";
import { OCPP_ACTIONS } from "../lib/ocpp";

export type MessageLogProps = {
  messages: readonly MessageRowFragment[];
  action: string;
  /** The actions the filter offers; every OCPP 1.6 action unless given. */
  actions?: readonly string[];
  onActionChange: (action: string) => void;
  hasMore?: boolean;
  loading?: boolean;
  onLoadMore?: () => void;
};

export const isErrorMessage = (message: Pick<MessageRowFragment, "messageType" | "errorCode">) =>
  message.messageType === "CALLERROR" || message.messageType === null || Boolean(message.errorCode);

/** The station's OCPP traffic, newest first: filter by action, expand a row for its payload; errors stand out. */
export function MessageLog({
  messages,
  action,
  actions = OCPP_ACTIONS,
  onActionChange,
  hasMore,
  loading,
  onLoadMore,
}: MessageLogProps) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div class="log">
      <div class="log-toolbar">
        <label>
          Action
          <select
            value={action}
            onChange={(event) => onActionChange(event.currentTarget.value)}
            data-testid="log-filter"
          >
            <option value="">All actions</option>
            {actions.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <span class="muted" aria-live="polite">
          {messages.length} {messages.length === 1 ? "message" : "messages"} shown
        </span>
      </div>
      {messages.length === 0 ? (
        <p class="empty">
          {loading ? "Loading messages…" : action ? `No ${action} messages yet.` : "No messages yet."}
        </p>
      ) : (
        <ol class="log-rows" aria-label="OCPP messages, newest first">
          {messages.map((message) => {
            const open = expanded.has(message.id);
            const error = isErrorMessage(message);
            const panelId = `message-${message.id}`;
            return (
              <li
                key={message.id}
                class={`log-row${error ? " log-error" : ""}`}
                data-action={message.action ?? ""}
                data-type={message.messageType ?? "INVALID"}
              >
                <button
                  type="button"
                  class="log-summary"
                  aria-expanded={open}
                  aria-controls={panelId}
                  onClick={() => toggle(message.id)}
                >
                  <span class="chevron" aria-hidden="true">
                    {open ? "▾" : "▸"}
                  </span>
                  <time class="num" dateTime={message.createdAt} title={formatDateTime(message.createdAt)}>
                    {formatTime(message.createdAt)}
                  </time>
                  <span class={`direction direction-${message.direction.toLowerCase()}`}>
                    {message.direction === "INBOUND" ? "← in" : "→ out"}
                  </span>
                  <span class="message-type">{message.messageType ?? "INVALID"}</span>
                  <span class="message-action">{message.action ?? "—"}</span>
                  {error && <span class="message-error">{message.errorCode ?? "Error"}</span>}
                </button>
                {open && (
                  <div class="log-detail" id={panelId}>
                    <dl class="facts">
                      <dt>Unique id</dt>
                      <dd class="mono">{message.uniqueId ?? "—"}</dd>
                      <dt>Logged</dt>
                      <dd class="num">{formatDateTime(message.createdAt)}</dd>
                      {message.errorCode && (
                        <>
                          <dt>Error</dt>
                          <dd>
                            {message.errorCode}
                            {message.errorDescription ? ` — ${message.errorDescription}` : ""}
                          </dd>
                        </>
                      )}
                    </dl>
                    <pre class="payload" tabIndex={0} aria-label="Payload">
                      {JSON.stringify(message.payload, null, 2) ?? "null"}
                    </pre>
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {hasMore && onLoadMore && (
        <button type="button" class="secondary" onClick={onLoadMore} disabled={loading}>
          {loading ? "Loading…" : "Load older messages"}
        </button>
      )}
    </div>
  );
}
