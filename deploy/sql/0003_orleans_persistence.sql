-- Grain state for Microsoft.Orleans.Persistence.AdoNet (invariant "Npgsql").
--
-- Provider contract (Orleans 10.4): every query gets @GrainIdHash (int), @GrainIdN0 and @GrainIdN1
-- (bigint), @GrainTypeHash (int), @GrainTypeString, @GrainIdExtensionString (NULL when absent) and
-- @ServiceId; writes add @GrainStateVersion (int, NULL when the grain has never seen a stored version)
-- and @PayloadBinary (bytea: whatever the configured grain storage serializer produced).
--   ReadFromStorageKey  -> zero or one row: PayloadBinary (NULL = no state) and Version (the ETag).
--   WriteToStorageKey   -> one row, NewGrainStateVersion: the new version, or NULL when the version the
--                          grain holds is stale (the provider then throws InconsistentStateException).
--   ClearStorageKey     -> the new version in the first column; no row when stale.
--   DeleteStorageKey    -> (used only with DeleteStateOnClear) the deleted version + 1; no row when stale.
-- The version is an optimistic-concurrency token: a write succeeds only if it names the stored version
-- (or, for the first write, when there is no row yet), and every success adds 1.
--
-- Identity of a row: (service id, grain type, grain id) where the grain id arrives as N0/N1 plus an
-- optional string. The two hashes are the provider's and only serve the lookup index; uniqueness is on
-- the full identity, so two activations racing to create the same state cannot both succeed.
--
-- KNOWN TRAP (upstream behaviour, not fixable here): the provider turns a grain key that *parses* as a
-- hexadecimal integer into N1 with no string. So string keys "123", "0123" and "7B" of one grain type
-- land on the same row, and a key like "abc" is stored as the number 0xABC. Grains must therefore use
-- string keys with a non-hex character, e.g. a prefix such as "campaign:..." (ours do), and no '+',
-- which the provider reads as a key-extension separator.
--
-- Readability: when the payload is UTF-8 JSON (a JSON grain storage serializer) it is stored in the `json`
-- column payload_json, verbatim (key order and number text kept, so it round-trips byte for byte), and
-- payload_binary stays NULL; any other payload goes to payload_binary. An operator reads state with e.g.
--   SELECT grain_type, grain_id_extension, version, payload_json FROM orleans_grain_state;

CREATE TABLE orleans_grain_state (
    id                 bigint      GENERATED ALWAYS AS IDENTITY,
    service_id         text        NOT NULL,
    grain_type         text        NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    grain_id_extension text        NULL,
    grain_id_hash      integer     NOT NULL,
    grain_type_hash    integer     NOT NULL,
    version            integer     NOT NULL,
    payload_binary     bytea       NULL,
    payload_json       json        NULL,
    modified_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_grain_state_pkey PRIMARY KEY (id),
    CONSTRAINT orleans_grain_state_one_payload CHECK (payload_binary IS NULL OR payload_json IS NULL),
    -- Lookups use the leading hash columns; the rest makes the identity unique (NULL extensions equal).
    CONSTRAINT orleans_grain_state_identity UNIQUE NULLS NOT DISTINCT
        (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
);

COMMENT ON TABLE orleans_grain_state IS
    'Orleans grain state (ADO.NET persistence). JSON states are readable in payload_json; version is the ETag.';
COMMENT ON COLUMN orleans_grain_state.grain_id_extension IS
    'The string key of string-keyed grains, or the key extension of integer/GUID keys.';

-- The payload as json when it is valid UTF-8 JSON text in a UTF-8 database, else NULL.
CREATE FUNCTION orleans_payload_json(p_payload bytea)
RETURNS json
LANGUAGE plpgsql
STABLE STRICT PARALLEL SAFE
AS $fn$
DECLARE
    first_byte integer;
BEGIN
    IF length(p_payload) = 0 OR current_setting('server_encoding') <> 'UTF8' THEN
        RETURN NULL;
    END IF;
    -- Cheap pre-check (skips the subtransaction for binary payloads): a JSON document, possibly after
    -- whitespace, starts with one of { [ " - 0-9 t f n.
    first_byte := get_byte(p_payload, 0);
    IF first_byte NOT IN (32, 9, 10, 13, 123, 91, 34, 45, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 116, 102, 110) THEN
        RETURN NULL;
    END IF;
    RETURN convert_from(p_payload, 'UTF8')::json;
EXCEPTION WHEN others THEN
    -- invalid UTF-8 (including NUL bytes) or not JSON: keep it binary
    RETURN NULL;
END;
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES

('ReadFromStorageKey', $q$
SELECT COALESCE(s.payload_binary, convert_to(s.payload_json::text, 'UTF8')) AS "PayloadBinary",
       s.version AS "Version"
  FROM orleans_grain_state s
 WHERE s.grain_id_hash = @GrainIdHash
   AND s.grain_type_hash = @GrainTypeHash
   AND s.service_id = @ServiceId
   AND s.grain_type = @GrainTypeString
   AND s.grain_id_n0 = @GrainIdN0
   AND s.grain_id_n1 = @GrainIdN1
   AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),

-- First write (@GrainStateVersion IS NULL): insert version 1 unless a row exists (then NULL: conflict).
-- Later writes: replace the payload where the stored version is the one given, returning version + 1.
('WriteToStorageKey', $q$
WITH payload AS (
    SELECT orleans_payload_json(@PayloadBinary) AS as_json
),
inserted AS (
    INSERT INTO orleans_grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension,
                                     grain_id_hash, grain_type_hash, version, payload_binary, payload_json)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
           @GrainIdHash, @GrainTypeHash, 1,
           CASE WHEN p.as_json IS NULL THEN @PayloadBinary END, p.as_json
      FROM payload p
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT orleans_grain_state_identity DO NOTHING
    RETURNING version
),
updated AS (
    UPDATE orleans_grain_state s
       SET payload_binary = CASE WHEN p.as_json IS NULL THEN @PayloadBinary END,
           payload_json = p.as_json,
           version = s.version + 1,
           modified_at = now()
      FROM payload p
     WHERE @GrainStateVersion IS NOT NULL
       AND s.grain_id_hash = @GrainIdHash
       AND s.grain_type_hash = @GrainTypeHash
       AND s.service_id = @ServiceId
       AND s.grain_type = @GrainTypeString
       AND s.grain_id_n0 = @GrainIdN0
       AND s.grain_id_n1 = @GrainIdN1
       AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
       AND s.version = @GrainStateVersion
    RETURNING s.version
)
SELECT (SELECT version FROM inserted UNION ALL SELECT version FROM updated LIMIT 1) AS "NewGrainStateVersion"
$q$),

-- Clears the state but keeps the row and its version sequence (so a stale activation still conflicts).
('ClearStorageKey', $q$
UPDATE orleans_grain_state s
   SET payload_binary = NULL,
       payload_json = NULL,
       version = s.version + 1,
       modified_at = now()
 WHERE s.grain_id_hash = @GrainIdHash
   AND s.grain_type_hash = @GrainTypeHash
   AND s.service_id = @ServiceId
   AND s.grain_type = @GrainTypeString
   AND s.grain_id_n0 = @GrainIdN0
   AND s.grain_id_n1 = @GrainIdN1
   AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
   AND s.version = @GrainStateVersion
RETURNING s.version AS "NewGrainStateVersion"
$q$),

('DeleteStorageKey', $q$
DELETE FROM orleans_grain_state s
 WHERE s.grain_id_hash = @GrainIdHash
   AND s.grain_type_hash = @GrainTypeHash
   AND s.service_id = @ServiceId
   AND s.grain_type = @GrainTypeString
   AND s.grain_id_n0 = @GrainIdN0
   AND s.grain_id_n1 = @GrainIdN1
   AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
   AND s.version = @GrainStateVersion
RETURNING s.version + 1 AS "NewGrainStateVersion"
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
