-- OrleansAgents PostgreSQL schema, version 4: grain state reads and writes of the Npgsql grain storage that stay one
-- primary-key lookup per state however the table has grown since their plans were cached.
--
-- Version 3 wrote a batch as one statement joining the batch (unnest of the arrays) with orleans_grain_state. A session
-- caches that plan (plpgsql, and Npgsql's auto-prepare for the read), and a plan made while the table was nearly empty
-- walks the table for each batch: measured on a fresh database, a batch of 16 inserts went from 1 ms to 155 ms as the
-- table reached 30,000 rows, until an autovacuum ANALYZE invalidated the plan. Now each operation is its own statement
-- on the full primary key, and the functions run with enable_seqscan off, so that even a plan made on a one-page table
-- uses the primary key. Same arguments, results and semantics as version 3.

-- Applies a batch of state operations in one call (one round trip, one transaction). Element i of the arrays is one
-- operation on one grain state; a batch holds at most one operation per grain state (the caller defers a second one to
-- its next batch). p_ops: 0 writes p_payloads[i] (NULL clears the state, keeping the row), 1 deletes the row.
-- p_versions[i] is the caller's ETag: NULL means "no row may exist" (insert), otherwise the row must hold that version.
-- Returns (op_ord, new_version) for every operation that passed its ETag check: the row's new version, or for a delete
-- the deleted version + 1. An operation without a result row lost its check and changed nothing; the others landed.
CREATE OR REPLACE FUNCTION orleans_write_states(
    p_service_id varchar, p_ords integer[], p_ops smallint[], p_grain_types text[], p_n0 bigint[], p_n1 bigint[],
    p_ext text[], p_payloads bytea[], p_versions integer[])
RETURNS TABLE (op_ord integer, new_version integer) LANGUAGE plpgsql
SET enable_seqscan = off AS
$body$
DECLARE
    k integer;
    landed integer;
BEGIN
    FOR k IN 1 .. coalesce(array_length(p_ords, 1), 0) LOOP
        landed := NULL;
        IF p_ops[k] = 0 AND p_versions[k] IS NOT NULL THEN
            UPDATE orleans_grain_state s
            SET payload = p_payloads[k], version = s.version + 1, modified_at = now()
            WHERE s.service_id = p_service_id AND s.grain_type = p_grain_types[k] AND s.grain_id_n0 = p_n0[k]
              AND s.grain_id_n1 = p_n1[k] AND s.grain_id_ext = p_ext[k] AND s.version = p_versions[k]
            RETURNING s.version INTO landed;
        ELSIF p_ops[k] = 0 THEN
            INSERT INTO orleans_grain_state AS s (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
            VALUES (p_service_id, p_grain_types[k], p_n0[k], p_n1[k], p_ext[k], p_payloads[k], 1)
            ON CONFLICT DO NOTHING
            RETURNING s.version INTO landed;
        ELSIF p_ops[k] = 1 AND p_versions[k] IS NOT NULL THEN
            DELETE FROM orleans_grain_state s
            WHERE s.service_id = p_service_id AND s.grain_type = p_grain_types[k] AND s.grain_id_n0 = p_n0[k]
              AND s.grain_id_n1 = p_n1[k] AND s.grain_id_ext = p_ext[k] AND s.version = p_versions[k]
            RETURNING s.version + 1 INTO landed;
        END IF;

        IF landed IS NOT NULL THEN
            op_ord := p_ords[k];
            new_version := landed;
            RETURN NEXT;
        END IF;
    END LOOP;
END
$body$;

-- Reads a batch of grain states: (ord, payload, version) for each element whose row exists (payload NULL after a
-- clear); an element without a result row has no row. The batch drives the lookups (a lateral subquery that cannot be
-- flattened), each one a primary-key probe.
CREATE FUNCTION orleans_read_states(
    p_service_id varchar, p_ords integer[], p_grain_types text[], p_n0 bigint[], p_n1 bigint[], p_ext text[])
RETURNS TABLE (ord integer, payload bytea, version integer) LANGUAGE sql STABLE
SET enable_seqscan = off AS
$body$
    SELECT i.ord, r.payload, r.version
    FROM unnest(p_ords, p_grain_types, p_n0, p_n1, p_ext) AS i (ord, grain_type, n0, n1, ext)
    CROSS JOIN LATERAL (
        SELECT s.payload, s.version
        FROM orleans_grain_state s
        WHERE s.service_id = p_service_id AND s.grain_type = i.grain_type AND s.grain_id_n0 = i.n0
          AND s.grain_id_n1 = i.n1 AND s.grain_id_ext = i.ext
        OFFSET 0
    ) AS r
$body$;
