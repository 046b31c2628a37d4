-- OrleansAgents PostgreSQL schema, version 3: group-committed grain state writes for the project's own grain storage
-- (AgentPostgresOptions.GrainStorage = Npgsql). It uses the table and row layout of version 1 exactly as the ADO.NET
-- provider's queries of version 2 do (same key columns, version = ETag, payload NULL after a clear), so both storages
-- read and write the same rows and a deployment can switch between them without losing state.

-- Applies a batch of state operations in one statement (one round trip, one transaction). Element i of the arrays is
-- one operation on one grain state; a batch holds at most one operation per grain state (the caller defers a second
-- one to its next batch). p_ops: 0 writes p_payloads[i] (NULL clears the state, keeping the row), 1 deletes the row.
-- p_versions[i] is the caller's ETag: NULL means "no row may exist" (insert), otherwise the row must hold that version.
-- Returns (op_ord, new_version) for every operation that passed its ETag check: the row's new version, or for a delete
-- the deleted version + 1. An operation without a result row lost its check and changed nothing; the others landed.
CREATE FUNCTION orleans_write_states(
    p_service_id varchar, p_ords integer[], p_ops smallint[], p_grain_types text[], p_n0 bigint[], p_n1 bigint[],
    p_ext text[], p_payloads bytea[], p_versions integer[])
RETURNS TABLE (op_ord integer, new_version integer) LANGUAGE plpgsql AS
$body$
BEGIN
    RETURN QUERY
    WITH input AS (
        SELECT i.ord, i.op, i.grain_type, i.n0, i.n1, i.ext, i.payload, i.expected
        FROM unnest(p_ords, p_ops, p_grain_types, p_n0, p_n1, p_ext, p_payloads, p_versions)
            AS i (ord, op, grain_type, n0, n1, ext, payload, expected)
    ), updated AS (
        UPDATE orleans_grain_state s
        SET payload = i.payload, version = s.version + 1, modified_at = now()
        FROM input i
        WHERE i.op = 0 AND i.expected IS NOT NULL
          AND s.service_id = p_service_id AND s.grain_type = i.grain_type AND s.grain_id_n0 = i.n0
          AND s.grain_id_n1 = i.n1 AND s.grain_id_ext = i.ext AND s.version = i.expected
        RETURNING i.ord AS ord, s.version AS version
    ), inserted AS (
        INSERT INTO orleans_grain_state AS s (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
        SELECT p_service_id, i.grain_type, i.n0, i.n1, i.ext, i.payload, 1
        FROM input i
        WHERE i.op = 0 AND i.expected IS NULL
        ON CONFLICT DO NOTHING
        RETURNING s.grain_type, s.grain_id_n0, s.grain_id_n1, s.grain_id_ext, s.version
    ), deleted AS (
        DELETE FROM orleans_grain_state s
        USING input i
        WHERE i.op = 1 AND i.expected IS NOT NULL
          AND s.service_id = p_service_id AND s.grain_type = i.grain_type AND s.grain_id_n0 = i.n0
          AND s.grain_id_n1 = i.n1 AND s.grain_id_ext = i.ext AND s.version = i.expected
        RETURNING i.ord AS ord, s.version + 1 AS version
    )
    SELECT u.ord, u.version FROM updated u
    UNION ALL
    SELECT i.ord, n.version
    FROM inserted n
    JOIN input i ON i.op = 0 AND i.expected IS NULL AND i.grain_type = n.grain_type AND i.n0 = n.grain_id_n0
                AND i.n1 = n.grain_id_n1 AND i.ext = n.grain_id_ext
    UNION ALL
    SELECT d.ord, d.version FROM deleted d;
END
$body$;
