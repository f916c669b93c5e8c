import type { RPCClient } from "ocpp-rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootChargePoint, startTestApp, type TestApp, uniqueId } from "../../helpers/app.js";
import { type GraphQLResponse, graphql } from "../../helpers/graphql.js";

let app: TestApp;
let client: RPCClient;

beforeAll(async () => {
  app = await startTestApp();
  client = await bootChargePoint(app, uniqueId("AUTH"));
});

afterAll(async () => {
  await client?.close({ force: true });
  await app?.close();
});

// ocpp-rpc types every answer as unknown; the strict client has already validated it against the OCPP schema.
const ocppCall = (action: string, payload: object) => client.call(action, payload) as Promise<any>;

const UPSERT = /* GraphQL */ `
  mutation Upsert($idTag: String!, $status: IdTagStatus!, $expiryDate: DateTime, $parentIdTag: String) {
    upsertIdTag(idTag: $idTag, status: $status, expiryDate: $expiryDate, parentIdTag: $parentIdTag) {
      idTag
      status
      expiryDate
      parentIdTag
      createdAt
      updatedAt
    }
  }
`;

type TagInput = {
  idTag: string;
  status: "Accepted" | "Blocked" | "Expired";
  expiryDate?: string;
  parentIdTag?: string;
};

const upsertIdTagRaw = (tag: TagInput) => graphql(app.graphqlUrl, UPSERT, tag);

async function upsertIdTag(tag: TagInput) {
  const result = await upsertIdTagRaw(tag);
  expect(result.errors).toBeUndefined();
  return result.data!.upsertIdTag;
}

/** A unique OCPP IdToken (at most 20 characters). */
const newTag = () => uniqueId("T");
const inOneDay = () => new Date(Date.now() + 86_400_000).toISOString();
const oneDayAgo = () => new Date(Date.now() - 86_400_000).toISOString();

describe("upsertIdTag", () => {
  it("creates a tag with its status, expiryDate and parentIdTag", async () => {
    const idTag = newTag();
    const parentIdTag = newTag();
    const expiryDate = inOneDay();

    const created = await upsertIdTag({ idTag, status: "Accepted", expiryDate, parentIdTag });

    expect(created).toMatchObject({ idTag, status: "Accepted", expiryDate, parentIdTag });
    expect(new Date(created.createdAt).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("updates an existing tag in place: same createdAt, new status, cleared expiryDate and parentIdTag", async () => {
    const idTag = newTag();
    const created = await upsertIdTag({ idTag, status: "Accepted", expiryDate: inOneDay(), parentIdTag: newTag() });

    const updated = await upsertIdTag({ idTag, status: "Blocked" });

    expect(updated).toMatchObject({ idTag, status: "Blocked", expiryDate: null, parentIdTag: null });
    expect(updated.createdAt).toBe(created.createdAt);
    expect(new Date(updated.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.updatedAt).getTime());
  });

  it("accepts an idTag of exactly 20 characters, the OCPP IdToken maximum", async () => {
    const idTag = `${newTag()}ABCDEFGHIJ`.slice(0, 20);
    expect(idTag).toHaveLength(20);
    expect(await upsertIdTag({ idTag, status: "Accepted" })).toMatchObject({ idTag });
  });

  it("rejects a 21-character idTag with a GraphQL error whose extensions.code is BAD_USER_INPUT", async () => {
    const idTag = `${newTag()}ABCDEFGHIJK`.slice(0, 21);
    expect(idTag).toHaveLength(21);

    const result = await upsertIdTagRaw({ idTag, status: "Accepted" });

    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(result.errors![0]!.message).toMatch(/idTag/);
    // Nothing was stored: the charger is told the tag is unknown.
    expect((await ocppCall("Authorize", { idTag: idTag.slice(0, 20) })).idTagInfo.status).toBe("Invalid");
  });

  it("rejects a 21-character parentIdTag with BAD_USER_INPUT", async () => {
    const result = await upsertIdTagRaw({ idTag: newTag(), status: "Accepted", parentIdTag: "P".repeat(21) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  });
});

describe("Authorize", () => {
  it("answers Accepted with the tag's expiryDate and parentIdTag", async () => {
    const idTag = newTag();
    const parentIdTag = newTag();
    const expiryDate = inOneDay();
    await upsertIdTag({ idTag, status: "Accepted", expiryDate, parentIdTag });

    expect(await ocppCall("Authorize", { idTag })).toEqual({
      idTagInfo: { status: "Accepted", expiryDate, parentIdTag },
    });
  });

  it("answers Blocked for a blocked tag", async () => {
    const idTag = newTag();
    await upsertIdTag({ idTag, status: "Blocked" });
    expect(await ocppCall("Authorize", { idTag })).toEqual({ idTagInfo: { status: "Blocked" } });
  });

  it("answers Expired for an Accepted tag whose expiryDate has passed", async () => {
    const idTag = newTag();
    const expiryDate = oneDayAgo();
    await upsertIdTag({ idTag, status: "Accepted", expiryDate });
    expect(await ocppCall("Authorize", { idTag })).toEqual({ idTagInfo: { status: "Expired", expiryDate } });
  });

  it("answers Expired for a tag stored with status Expired", async () => {
    const idTag = newTag();
    await upsertIdTag({ idTag, status: "Expired" });
    expect(await ocppCall("Authorize", { idTag })).toEqual({ idTagInfo: { status: "Expired" } });
  });

  it("answers Invalid for an unknown tag", async () => {
    expect(await ocppCall("Authorize", { idTag: newTag() })).toEqual({ idTagInfo: { status: "Invalid" } });
  });

  it("reflects an upsertIdTag update at once", async () => {
    const idTag = newTag();
    await upsertIdTag({ idTag, status: "Accepted" });
    expect((await ocppCall("Authorize", { idTag })).idTagInfo.status).toBe("Accepted");

    await upsertIdTag({ idTag, status: "Blocked" });
    expect((await ocppCall("Authorize", { idTag })).idTagInfo.status).toBe("Blocked");
  });
});

describe("StartTransaction authorization", () => {
  const TRANSACTION = `query ($id: Int!) { transaction(transactionId: $id) { transactionId idTag idTagStatus active } }`;

  it("answers ConcurrentTx for a tag already in an active transaction, but still assigns a transactionId", async () => {
    const idTag = newTag();
    await upsertIdTag({ idTag, status: "Accepted" });

    const first = await ocppCall("StartTransaction", {
      connectorId: 1,
      idTag,
      meterStart: 0,
      timestamp: new Date().toISOString(),
    });
    expect(first.idTagInfo.status).toBe("Accepted");

    const second = await ocppCall("StartTransaction", {
      connectorId: 2,
      idTag,
      meterStart: 0,
      timestamp: new Date().toISOString(),
    });
    expect(second.idTagInfo.status).toBe("ConcurrentTx");
    expect(Number.isInteger(second.transactionId)).toBe(true);
    expect(second.transactionId).not.toBe(first.transactionId);

    const stored = await graphql(app.graphqlUrl, TRANSACTION, { id: second.transactionId });
    expect(stored.data!.transaction).toEqual({
      transactionId: second.transactionId,
      idTag,
      idTagStatus: "ConcurrentTx",
      active: false,
    });
  });

  it("answers Accepted again once the tag's transactions have stopped", async () => {
    const idTag = newTag();
    await upsertIdTag({ idTag, status: "Accepted" });
    const first = await ocppCall("StartTransaction", {
      connectorId: 1,
      idTag,
      meterStart: 0,
      timestamp: new Date().toISOString(),
    });
    await ocppCall("StopTransaction", {
      transactionId: first.transactionId,
      meterStop: 100,
      timestamp: new Date().toISOString(),
    });

    const next = await ocppCall("StartTransaction", {
      connectorId: 1,
      idTag,
      meterStart: 100,
      timestamp: new Date().toISOString(),
    });
    expect(next.idTagInfo.status).toBe("Accepted");
  });

  it("answers with the tag's own status (Blocked, Invalid) and still assigns a transactionId", async () => {
    const blocked = newTag();
    await upsertIdTag({ idTag: blocked, status: "Blocked" });

    const a = await ocppCall("StartTransaction", {
      connectorId: 1,
      idTag: blocked,
      meterStart: 0,
      timestamp: new Date().toISOString(),
    });
    const b = await ocppCall("StartTransaction", {
      connectorId: 2,
      idTag: newTag(),
      meterStart: 0,
      timestamp: new Date().toISOString(),
    });

    expect(a.idTagInfo.status).toBe("Blocked");
    expect(b.idTagInfo.status).toBe("Invalid");
    expect(Number.isInteger(a.transactionId) && Number.isInteger(b.transactionId)).toBe(true);
  });
});

describe("ID tags are case-insensitive (OCPP IdToken)", () => {
  it("authorizes a tag presented in another case, with the stored tag's status", async () => {
    const idTag = newTag().toUpperCase();
    await upsertIdTag({ idTag, status: "Blocked" });
    expect((await ocppCall("Authorize", { idTag: idTag.toLowerCase() })).idTagInfo.status).toBe("Blocked");
  });

  it("answers ConcurrentTx when the same tag starts again in another case", async () => {
    const idTag = newTag().toUpperCase();
    await upsertIdTag({ idTag, status: "Accepted" });
    const start = (connectorId: number, presented: string) =>
      ocppCall("StartTransaction", {
        connectorId,
        idTag: presented,
        meterStart: 0,
        timestamp: new Date().toISOString(),
      });
    expect((await start(1, idTag)).idTagInfo.status).toBe("Accepted");
    expect((await start(2, idTag.toLowerCase())).idTagInfo.status).toBe("ConcurrentTx");
  });

  it("updates the stored tag when upsertIdTag names it in another case, instead of adding a second one", async () => {
    const idTag = newTag().toUpperCase();
    const created = await upsertIdTag({ idTag, status: "Accepted" });
    const updated = await upsertIdTag({ idTag: idTag.toLowerCase(), status: "Blocked" });
    expect(updated).toMatchObject({ idTag, status: "Blocked", createdAt: created.createdAt });
    const count = await app.db.idTag.count({ where: { idTag: { in: [idTag, idTag.toLowerCase()] } } });
    expect(count).toBe(1);
  });
});

describe("idTags connection", () => {
  const PAGE = /* GraphQL */ `
    query Page($first: Int, $after: String) {
      idTags(first: $first, after: $after) {
        edges {
          cursor
          node {
            idTag
            status
          }
        }
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
      }
    }
  `;

  it("pages through all tags in idTag order with first/after, each page ending at pageInfo.endCursor", async () => {
    // The database is shared: other files' tags may be on the same pages, so follow the pages to the end.
    const prefix = uniqueId("P");
    const mine = ["a", "b", "c", "d", "e"].map((suffix) => `${prefix}${suffix}`);
    for (const idTag of [...mine].reverse()) await upsertIdTag({ idTag, status: "Accepted" });

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: GraphQLResponse = await graphql(app.graphqlUrl, PAGE, { first: 2, after });
      expect(result.errors).toBeUndefined();
      const { edges, pageInfo } = result.data!.idTags;
      pages++;
      expect(edges.length).toBeLessThanOrEqual(2);
      if (edges.length > 0) {
        expect(pageInfo.startCursor).toBe(edges[0].cursor);
        expect(pageInfo.endCursor).toBe(edges[edges.length - 1].cursor);
      }
      expect(pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...edges.map((edge: any) => edge.node.idTag));
      if (!pageInfo.hasNextPage) break;
      expect(edges).toHaveLength(2);
      after = pageInfo.endCursor;
      expect(pages).toBeLessThan(10_000);
    }

    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((idTag) => idTag.startsWith(prefix))).toEqual(mine);
  });

  it("returns the next tags after a cursor and reports hasNextPage", async () => {
    const prefix = uniqueId("Q");
    const mine = ["1", "2", "3"].map((suffix) => `${prefix}${suffix}`);
    for (const idTag of mine) await upsertIdTag({ idTag, status: "Blocked" });

    // Find the cursor of the first of our tags by walking, then page from it.
    let cursor: string | undefined;
    let after: string | null = null;
    while (!cursor) {
      const page: any = (await graphql(app.graphqlUrl, PAGE, { first: 100, after })).data!.idTags;
      cursor = page.edges.find((edge: any) => edge.node.idTag === mine[0])?.cursor;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(cursor).toBeDefined();

    const next = (await graphql(app.graphqlUrl, PAGE, { first: 2, after: cursor })).data!.idTags;
    expect(next.edges.map((edge: any) => edge.node)).toEqual([
      { idTag: mine[1], status: "Blocked" },
      { idTag: mine[2], status: "Blocked" },
    ]);
    expect(next.pageInfo).toMatchObject({ hasNextPage: expect.any(Boolean), hasPreviousPage: true });

    const one = (await graphql(app.graphqlUrl, PAGE, { first: 1, after: cursor })).data!.idTags;
    expect(one.edges.map((edge: any) => edge.node.idTag)).toEqual([mine[1]]);
    expect(one.pageInfo.hasNextPage).toBe(true);
    expect(one.pageInfo.endCursor).toBe(next.edges[0].cursor);
  });
});
