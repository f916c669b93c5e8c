import { useMutation, useQuery } from "@urql/preact";
import { useEffect, useState } from "preact/hooks";
import { IdTagStatusBadge } from "../components/badges";
import { IdTagsQuery, UpsertIdTagMutation } from "../documents";
import type { IdTagRowFragment, IdTagStatus } from "../gql/graphql";
import { describeError } from "../lib/errors";
import { formatDateTime, fromLocalInput, toLocalInput } from "../lib/format";
import { useRefetchOnReconnect, useTitle } from "../lib/hooks";
import { upsertBy } from "../lib/live";

const STATUSES: IdTagStatus[] = ["Accepted", "Blocked", "Expired"];

type Feedback = { kind: "ok" | "error"; message: string } | undefined;

export function IdTagsPage() {
  useTitle("ID tags");
  const [after, setAfter] = useState<string | undefined>();
  const [result, refetch] = useQuery({ query: IdTagsQuery, variables: { first: 100, after } });
  const [tags, setTags] = useState<IdTagRowFragment[]>([]);
  const [, upsert] = useMutation(UpsertIdTagMutation);
  const [feedback, setFeedback] = useState<Feedback>();
  useEffect(() => {
    const page = result.data?.idTags.edges.map((e) => e.node);
    const isLaterPage = Boolean(result.operation?.variables.after);
    if (page)
      setTags((current) => (isLaterPage ? page.reduce((rows, row) => upsertBy(rows, row, "idTag"), current) : page));
  }, [result.data, result.operation]);
  useRefetchOnReconnect(() => {
    setAfter(undefined);
    refetch({ requestPolicy: "network-only" });
  });

  const save = async (
    tag: { idTag: string; status: IdTagStatus; expiryDate?: string | null; parentIdTag?: string | null },
    done: string,
  ) => {
    const outcome = await upsert(tag);
    if (outcome.error) {
      setFeedback({ kind: "error", message: describeError(outcome.error) });
      return false;
    }
    if (outcome.data) setTags((current) => upsertBy(current, outcome.data!.upsertIdTag, "idTag"));
    setFeedback({ kind: "ok", message: done });
    return true;
  };

  const pageInfo = result.data?.idTags.pageInfo;
  return (
    <>
      <h1>ID tags</h1>
      <section aria-labelledby="new-tag-heading" class="card">
        <h2 id="new-tag-heading">Add or update a tag</h2>
        <NewTagForm onSave={(tag) => save(tag, `Saved ${tag.idTag}.`)} />
        <p
          class={`outcome ${feedback?.kind === "error" ? "outcome-error" : "outcome-done"}`}
          role="status"
          aria-live="polite"
        >
          {feedback?.message}
        </p>
      </section>
      <section aria-labelledby="tags-heading">
        <h2 id="tags-heading">
          Tags <span class="count num">{tags.length}</span>
        </h2>
        {result.error && <p class="alert">{describeError(result.error)}</p>}
        {tags.length === 0 ? (
          <p class="empty">
            {result.fetching
              ? "Loading…"
              : "No ID tags yet. Chargers will get Invalid for every card until you add one."}
          </p>
        ) : (
          <div class="table-wrap" tabIndex={0} role="region" aria-label="ID tags">
            <table class="table">
              <caption class="visually-hidden">ID tags</caption>
              <thead>
                <tr>
                  <th scope="col">ID tag</th>
                  <th scope="col">Status</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Parent</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tags.map((tag) => (
                  <TagRow key={tag.idTag} tag={tag} onSave={save} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pageInfo?.hasNextPage && (
          <button type="button" class="secondary" onClick={() => setAfter(pageInfo.endCursor ?? undefined)}>
            Show more tags
          </button>
        )}
      </section>
    </>
  );
}

type SaveTag = (
  tag: { idTag: string; status: IdTagStatus; expiryDate?: string | null; parentIdTag?: string | null },
  done: string,
) => Promise<boolean>;

function NewTagForm({
  onSave,
}: {
  onSave: (tag: {
    idTag: string;
    status: IdTagStatus;
    expiryDate?: string | null;
    parentIdTag?: string | null;
  }) => Promise<boolean>;
}) {
  const [idTag, setIdTag] = useState("");
  const [status, setStatus] = useState<IdTagStatus>("Accepted");
  const [expiry, setExpiry] = useState("");
  const [parent, setParent] = useState("");
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="fields new-tag"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        const ok = await onSave({
          idTag: idTag.trim(),
          status,
          expiryDate: fromLocalInput(expiry) ?? null,
          parentIdTag: parent.trim() || null,
        });
        setBusy(false);
        if (ok) {
          setIdTag("");
          setExpiry("");
          setParent("");
        }
      }}
    >
      <label>
        ID tag
        <input
          name="idTag"
          required
          maxLength={20}
          autoComplete="off"
          value={idTag}
          onInput={(e) => setIdTag(e.currentTarget.value)}
        />
      </label>
      <label>
        Status
        <select name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value as IdTagStatus)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Expires (optional)
        <input
          name="expiryDate"
          type="datetime-local"
          value={expiry}
          onInput={(e) => setExpiry(e.currentTarget.value)}
        />
      </label>
      <label>
        Parent tag (optional)
        <input
          name="parentIdTag"
          maxLength={20}
          autoComplete="off"
          value={parent}
          onInput={(e) => setParent(e.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={busy || !idTag.trim()}>
        Save tag
      </button>
    </form>
  );
}

function TagRow({ tag, onSave }: { tag: IdTagRowFragment; onSave: SaveTag }) {
  const [editingExpiry, setEditingExpiry] = useState(false);
  const [expiry, setExpiry] = useState(toLocalInput(tag.expiryDate));
  const expired = tag.expiryDate ? new Date(tag.expiryDate).getTime() < Date.now() : false;
  const base = { idTag: tag.idTag, status: tag.status, expiryDate: tag.expiryDate, parentIdTag: tag.parentIdTag };
  const inputId = `expiry-${tag.idTag}`;
  return (
    <tr data-id-tag={tag.idTag}>
      <th scope="row" class="mono">
        {tag.idTag}
      </th>
      <td>
        <IdTagStatusBadge status={tag.status} />
      </td>
      <td class="num nowrap">
        {editingExpiry ? (
          <form
            class="inline-form"
            onSubmit={async (event) => {
              event.preventDefault();
              const ok = await onSave(
                { ...base, expiryDate: fromLocalInput(expiry) ?? null },
                expiry
                  ? `${tag.idTag} now expires ${formatDateTime(fromLocalInput(expiry))}.`
                  : `${tag.idTag} no longer expires.`,
              );
              if (ok) setEditingExpiry(false);
            }}
          >
            <label class="visually-hidden" for={inputId}>
              Expiry of {tag.idTag}
            </label>
            <input
              id={inputId}
              type="datetime-local"
              value={expiry}
              onInput={(e) => setExpiry(e.currentTarget.value)}
            />
            <button type="submit">Save</button>
            <button type="button" class="secondary" onClick={() => setEditingExpiry(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <span class={expired ? "error-text" : undefined}>
            {tag.expiryDate ? formatDateTime(tag.expiryDate) : "never"}
            {expired && " (past)"}
          </span>
        )}
      </td>
      <td class="mono">{tag.parentIdTag ?? "—"}</td>
      <td class="nowrap">
        <span class="button-row">
          {tag.status === "Blocked" ? (
            <button
              type="button"
              class="secondary"
              aria-label={`Unblock ${tag.idTag}`}
              onClick={() => onSave({ ...base, status: "Accepted" }, `${tag.idTag} is accepted again.`)}
            >
              Unblock
            </button>
          ) : (
            <button
              type="button"
              class="secondary"
              aria-label={`Block ${tag.idTag}`}
              onClick={() => onSave({ ...base, status: "Blocked" }, `${tag.idTag} is blocked.`)}
            >
              Block
            </button>
          )}
          {!editingExpiry && (
            <button
              type="button"
              class="secondary"
              aria-label={`Set expiry of ${tag.idTag}`}
              onClick={() => {
                setExpiry(toLocalInput(tag.expiryDate));
                setEditingExpiry(true);
              }}
            >
              Set expiry
            </button>
          )}
        </span>
      </td>
    </tr>
  );
}
