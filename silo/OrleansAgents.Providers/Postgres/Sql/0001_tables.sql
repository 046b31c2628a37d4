-- OrleansAgents PostgreSQL schema, version 1: the tables.
-- Applied by PostgresSchema.MigrateAsync in one transaction under an advisory lock; never edit an applied version,
-- add a new file instead.

-- The query texts Orleans' ADO.NET providers load at start. The name and the two columns are Orleans' contract
-- (unquoted, so PostgreSQL folds them to lower case, as the providers' own unquoted SELECT does).
CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- Clustering: one row per cluster (Orleans' "deployment"), holding the membership version every change bumps
-- (optimistic concurrency over the whole membership view).
CREATE TABLE orleans_cluster
(
    deployment_id varchar(150) NOT NULL PRIMARY KEY,
    version       integer      NOT NULL DEFAULT 0,
    changed_at    timestamptz  NOT NULL DEFAULT now()
);

-- Clustering: one row per silo incarnation (address, port, generation). Deleting the cluster row deletes its silos.
CREATE TABLE orleans_cluster_silo
(
    deployment_id varchar(150) NOT NULL REFERENCES orleans_cluster (deployment_id) ON DELETE CASCADE,
    address       varchar(45)  NOT NULL,
    port          integer      NOT NULL,
    generation    integer      NOT NULL,
    silo_name     varchar(150) NOT NULL,
    host_name     varchar(150) NOT NULL,
    status        integer      NOT NULL,
    proxy_port    integer      NOT NULL DEFAULT 0,
    suspect_times text         NULL,
    started_at    timestamptz  NOT NULL,
    alive_at      timestamptz  NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Grain state: one row per (service, state name, grain id). The grain id arrives as Orleans' ADO.NET key: two
-- 64-bit halves (integer and GUID keys) and a string part (string keys, key extensions; '' when absent). The
-- provider also sends hashes of the id and type; they are not stored, the primary key indexes the full identity.
-- payload is NULL after a clear; version is the ETag, bumped by every write and clear.
CREATE TABLE orleans_grain_state
(
    service_id   varchar(150) NOT NULL,
    grain_type   text         NOT NULL,
    grain_id_n0  bigint       NOT NULL,
    grain_id_n1  bigint       NOT NULL,
    grain_id_ext text         NOT NULL,
    payload      bytea        NULL,
    version      integer      NOT NULL,
    modified_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
);

-- Reminders: one row per (service, grain, reminder name). grain_hash is the grain's uniform hash as a signed
-- integer: the reminder service reads ranges of it; version is the reminder's ETag.
CREATE TABLE orleans_reminder
(
    service_id    varchar(150)  NOT NULL,
    grain_id      varchar(1024) NOT NULL,
    reminder_name varchar(150)  NOT NULL,
    grain_hash    integer       NOT NULL,
    start_at      timestamptz   NOT NULL,
    period_ms     bigint        NOT NULL,
    version       integer       NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX orleans_reminder_by_hash ON orleans_reminder (service_id, grain_hash);
