-- OrleansAgents PostgreSQL schema, version 2: the functions and the 20 query texts of Orleans' ADO.NET providers.
-- The providers bind parameters by name (@Name) and read result columns by name, so every query names its result
-- columns with the contract's names. Parameters are cast where PostgreSQL could not infer their type (a NULL sent
-- without one). Times are timestamptz; the connection runs with TimeZone=UTC (see AgentPostgresExtensions).

-- Adds a silo row and bumps the cluster version, both or neither: false when the caller's version is stale or the
-- silo row exists (the exception block rolls the version bump back).
CREATE FUNCTION orleans_insert_silo(
    p_deployment_id varchar, p_address varchar, p_port integer, p_generation integer, p_silo_name varchar,
    p_host_name varchar, p_status integer, p_proxy_port integer, p_started_at timestamptz, p_alive_at timestamptz,
    p_version integer)
RETURNS boolean LANGUAGE plpgsql AS
$body$
BEGIN
    UPDATE orleans_cluster SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id AND version = p_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO orleans_cluster_silo
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, started_at, alive_at)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
         coalesce(p_proxy_port, 0), p_started_at, p_alive_at);
    RETURN true;
EXCEPTION WHEN unique_violation THEN
    RETURN false;
END
$body$;

-- Updates a silo row and bumps the cluster version, both or neither: false when the version is stale or the silo
-- has no row.
CREATE FUNCTION orleans_update_silo(
    p_deployment_id varchar, p_address varchar, p_port integer, p_generation integer, p_status integer,
    p_suspect_times text, p_alive_at timestamptz, p_version integer)
RETURNS boolean LANGUAGE plpgsql AS
$body$
BEGIN
    UPDATE orleans_cluster SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id AND version = p_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE orleans_cluster_silo
    SET status = p_status, suspect_times = p_suspect_times, alive_at = p_alive_at
    WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found';
    END IF;
    RETURN true;
EXCEPTION WHEN no_data_found THEN
    RETURN false;
END
$body$;

-- Writes a grain's state: inserts version 1 when the caller holds no ETag, otherwise replaces the row holding the
-- caller's version. Returns the new version, or NULL on an ETag conflict.
CREATE FUNCTION orleans_write_state(
    p_service_id varchar, p_grain_type text, p_n0 bigint, p_n1 bigint, p_ext text, p_payload bytea, p_version integer)
RETURNS integer LANGUAGE plpgsql AS
$body$
DECLARE
    written integer;
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO orleans_grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
        VALUES (p_service_id, p_grain_type, p_n0, p_n1, coalesce(p_ext, ''), p_payload, 1)
        ON CONFLICT DO NOTHING
        RETURNING version INTO written;
    ELSE
        UPDATE orleans_grain_state
        SET payload = p_payload, version = version + 1, modified_at = now()
        WHERE service_id = p_service_id AND grain_type = p_grain_type AND grain_id_n0 = p_n0 AND grain_id_n1 = p_n1
          AND grain_id_ext = coalesce(p_ext, '') AND version = p_version
        RETURNING version INTO written;
    END IF;
    RETURN written;
END
$body$;

-- Clears a grain's state (payload NULL, version bumped); with no ETag, records an empty state at version 1.
-- Returns the new version, or NULL on an ETag conflict.
CREATE FUNCTION orleans_clear_state(
    p_service_id varchar, p_grain_type text, p_n0 bigint, p_n1 bigint, p_ext text, p_version integer)
RETURNS integer LANGUAGE plpgsql AS
$body$
DECLARE
    cleared integer;
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO orleans_grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
        VALUES (p_service_id, p_grain_type, p_n0, p_n1, coalesce(p_ext, ''), NULL, 1)
        ON CONFLICT DO NOTHING
        RETURNING version INTO cleared;
    ELSE
        UPDATE orleans_grain_state
        SET payload = NULL, version = version + 1, modified_at = now()
        WHERE service_id = p_service_id AND grain_type = p_grain_type AND grain_id_n0 = p_n0 AND grain_id_n1 = p_n1
          AND grain_id_ext = coalesce(p_ext, '') AND version = p_version
        RETURNING version INTO cleared;
    END IF;
    RETURN cleared;
END
$body$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Clustering --------------------------------------------------------------------------------------------------
('InsertMembershipVersionKey', $q$
WITH added AS (
    INSERT INTO orleans_cluster (deployment_id) VALUES (CAST(@DeploymentId AS varchar))
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM added) AS "Inserted";
$q$),

('InsertMembershipKey', $q$
SELECT orleans_insert_silo(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
    @StartTime, @IAmAliveTime, @Version) AS "Inserted";
$q$),

('UpdateMembershipKey', $q$
SELECT orleans_update_silo(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime,
    @Version) AS "Updated";
$q$),

('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_cluster_silo SET alive_at = CAST(@IAmAliveTime AS timestamptz)
WHERE deployment_id = CAST(@DeploymentId AS varchar) AND address = CAST(@Address AS varchar)
  AND port = CAST(@Port AS integer) AND generation = CAST(@Generation AS integer);
$q$),

('MembershipReadRowKey', $q$
SELECT c.deployment_id AS "DeploymentId", s.address AS "Address", s.port AS "Port", s.generation AS "Generation",
       s.silo_name AS "SiloName", s.host_name AS "HostName", s.status AS "Status", s.proxy_port AS "ProxyPort",
       s.suspect_times AS "SuspectTimes", s.started_at AS "StartTime", s.alive_at AS "IAmAliveTime",
       c.version AS "Version"
FROM orleans_cluster c
LEFT JOIN orleans_cluster_silo s
       ON s.deployment_id = c.deployment_id AND s.address = CAST(@Address AS varchar)
      AND s.port = CAST(@Port AS integer) AND s.generation = CAST(@Generation AS integer)
WHERE c.deployment_id = CAST(@DeploymentId AS varchar);
$q$),

('MembershipReadAllKey', $q$
SELECT c.deployment_id AS "DeploymentId", s.address AS "Address", s.port AS "Port", s.generation AS "Generation",
       s.silo_name AS "SiloName", s.host_name AS "HostName", s.status AS "Status", s.proxy_port AS "ProxyPort",
       s.suspect_times AS "SuspectTimes", s.started_at AS "StartTime", s.alive_at AS "IAmAliveTime",
       c.version AS "Version"
FROM orleans_cluster c
LEFT JOIN orleans_cluster_silo s ON s.deployment_id = c.deployment_id
WHERE c.deployment_id = CAST(@DeploymentId AS varchar);
$q$),

('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_cluster_silo
WHERE deployment_id = CAST(@DeploymentId AS varchar) AND status = CAST(@Status AS integer) AND proxy_port > 0;
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_cluster WHERE deployment_id = CAST(@DeploymentId AS varchar);
$q$),

-- Silos that stopped renewing before @IAmAliveTime and are not Active (3).
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_cluster_silo
WHERE deployment_id = CAST(@DeploymentId AS varchar) AND alive_at < CAST(@IAmAliveTime AS timestamptz) AND status <> 3;
$q$),

-- Grain storage -----------------------------------------------------------------------------------------------
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_grain_state
WHERE service_id = CAST(@ServiceId AS varchar) AND grain_type = CAST(@GrainTypeString AS text)
  AND grain_id_n0 = CAST(@GrainIdN0 AS bigint) AND grain_id_n1 = CAST(@GrainIdN1 AS bigint)
  AND grain_id_ext = coalesce(CAST(@GrainIdExtensionString AS text), '');
$q$),

('WriteToStorageKey', $q$
SELECT orleans_write_state(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
    @PayloadBinary, @GrainStateVersion) AS "NewGrainStateVersion";
$q$),

('ClearStorageKey', $q$
SELECT orleans_clear_state(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
    @GrainStateVersion) AS "NewGrainStateVersion";
$q$),

-- Deletes the row holding the caller's version; returns that version + 1 (the provider checks it differs from
-- the caller's ETag), no row on a conflict.
('DeleteStorageKey', $q$
DELETE FROM orleans_grain_state
WHERE service_id = CAST(@ServiceId AS varchar) AND grain_type = CAST(@GrainTypeString AS text)
  AND grain_id_n0 = CAST(@GrainIdN0 AS bigint) AND grain_id_n1 = CAST(@GrainIdN1 AS bigint)
  AND grain_id_ext = coalesce(CAST(@GrainIdExtensionString AS text), '')
  AND version = CAST(@GrainStateVersion AS integer)
RETURNING version + 1 AS "NewGrainStateVersion";
$q$),

-- Reminders ---------------------------------------------------------------------------------------------------
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminder (service_id, grain_id, reminder_name, grain_hash, start_at, period_ms, version)
VALUES (CAST(@ServiceId AS varchar), CAST(@GrainId AS varchar), CAST(@ReminderName AS varchar),
        CAST(@GrainHash AS integer), CAST(@StartTime AS timestamptz), CAST(@Period AS bigint), 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
    SET grain_hash = EXCLUDED.grain_hash, start_at = EXCLUDED.start_at, period_ms = EXCLUDED.period_ms,
        version = orleans_reminder.version + 1
RETURNING version AS "Version";
$q$),

('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_at AS "StartTime", period_ms AS "Period",
       version AS "Version"
FROM orleans_reminder
WHERE service_id = CAST(@ServiceId AS varchar) AND grain_id = CAST(@GrainId AS varchar);
$q$),

('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_at AS "StartTime", period_ms AS "Period",
       version AS "Version"
FROM orleans_reminder
WHERE service_id = CAST(@ServiceId AS varchar) AND grain_id = CAST(@GrainId AS varchar)
  AND reminder_name = CAST(@ReminderName AS varchar);
$q$),

-- The ring range (BeginHash, EndHash] when it does not wrap (the provider compares the hashes as signed integers).
('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_at AS "StartTime", period_ms AS "Period",
       version AS "Version"
FROM orleans_reminder
WHERE service_id = CAST(@ServiceId AS varchar)
  AND grain_hash > CAST(@BeginHash AS integer) AND grain_hash <= CAST(@EndHash AS integer);
$q$),

-- The ring range (BeginHash, EndHash] when it wraps around.
('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_at AS "StartTime", period_ms AS "Period",
       version AS "Version"
FROM orleans_reminder
WHERE service_id = CAST(@ServiceId AS varchar)
  AND (grain_hash > CAST(@BeginHash AS integer) OR grain_hash <= CAST(@EndHash AS integer));
$q$),

('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM orleans_reminder
    WHERE service_id = CAST(@ServiceId AS varchar) AND grain_id = CAST(@GrainId AS varchar)
      AND reminder_name = CAST(@ReminderName AS varchar) AND version = CAST(@Version AS integer)
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM removed) AS "Deleted";
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminder WHERE service_id = CAST(@ServiceId AS varchar);
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
