-- (No semicolons inside comments: the migration runner splits the script at every one.)
-- AuthorizationKey is write-only (OCPP 1.6 Security Whitepaper). Earlier versions kept the values they sent or were
-- told in clear: in the station configuration and in the audit log. They become the marker "[redacted]", as the
-- central system now records them (docs/security.md, "Secrets"). Key names are compared without regard to case.
-- Keys listed in OCPP_SECRET_CONFIGURATION_KEYS are redacted in the configuration at each start instead.
-- The audit-log part reads the whole ocpp_messages table once.

-- RedactConfiguration
UPDATE "configuration_keys"
SET "value" = '[redacted]'
WHERE lower("key") = 'authorizationkey' AND "value" IS NOT NULL AND "value" <> '[redacted]';

-- RedactAuditLog: a ChangeConfiguration request ({key, value}, also as echoed in the details of a CALLERROR) or a
-- GetConfiguration answer ({configurationKey: [{key, value}, ...]}). The raw text is rebuilt from the redacted
-- payload as JSON.
WITH "candidate" AS (
  SELECT "id", "payload"
  FROM "ocpp_messages"
  WHERE "message_type" IS NOT NULL
    AND ("action" IN ('ChangeConfiguration', 'GetConfiguration') OR "action" IS NULL)
    AND jsonb_typeof("payload") = 'object'
), "secret" AS (
  SELECT "id", "payload",
    lower("payload"->>'key') = 'authorizationkey'
      AND jsonb_typeof("payload"->'value') IS DISTINCT FROM 'null'
      AND "payload"->>'value' <> '[redacted]' AS "in_request",
    jsonb_typeof("payload"->'configurationKey') = 'array' AND EXISTS (
      SELECT 1 FROM jsonb_array_elements("payload"->'configurationKey') AS "entry"
      WHERE lower("entry"->>'key') = 'authorizationkey'
        AND jsonb_typeof("entry"->'value') IS DISTINCT FROM 'null'
        AND "entry"->>'value' <> '[redacted]'
    ) AS "in_answer"
  FROM "candidate"
), "redacted" AS (
  SELECT "id",
    CASE WHEN "in_request" THEN jsonb_set("payload", '{value}', '"[redacted]"')
    ELSE jsonb_set("payload", '{configurationKey}', (
      SELECT jsonb_agg(
        CASE WHEN lower("entry"->>'key') = 'authorizationkey' AND jsonb_typeof("entry"->'value') IS DISTINCT FROM 'null'
          THEN jsonb_set("entry", '{value}', '"[redacted]"') ELSE "entry" END
        ORDER BY "position")
      FROM jsonb_array_elements("payload"->'configurationKey') WITH ORDINALITY AS "element"("entry", "position")
    )) END AS "payload"
  FROM "secret"
  WHERE "in_request" OR "in_answer"
)
UPDATE "ocpp_messages" AS "message"
SET "payload" = "redacted"."payload",
    "raw" = (CASE "message"."message_type"
      WHEN 'CALL' THEN jsonb_build_array(2, "message"."unique_id", "message"."action", "redacted"."payload")
      WHEN 'CALLRESULT' THEN jsonb_build_array(3, "message"."unique_id", "redacted"."payload")
      ELSE jsonb_build_array(4, "message"."unique_id", "message"."error_code", "message"."error_description",
        "redacted"."payload")
    END)::text
FROM "redacted"
WHERE "message"."id" = "redacted"."id";

-- RedactUnreadableFrames: frames that could not be read and name the key lose their raw text.
UPDATE "ocpp_messages"
SET "raw" = '[redacted]'
WHERE "message_type" IS NULL AND "raw" ILIKE '%authorizationkey%';
