-- Cluster membership for Microsoft.Orleans.Clustering.AdoNet (invariant "Npgsql").
--
-- The provider implements Orleans' membership protocol on two tables: one version row per cluster
-- (DeploymentId = ClusterId), bumped by every membership change, and one row per silo instance
-- (address, port, generation). Writers pass the version they read; a change commits only if the version
-- is still that one, and then bumps it, so concurrent changes are linearised by the version row's lock.
--
-- Provider contract (Orleans 10.4): parameters are bound by name (@DeploymentId, @Address, @Port,
-- @Generation, @SiloName, @HostName, @Status, @ProxyPort, @SuspectTimes, @StartTime, @IAmAliveTime,
-- @Version); times arrive as UTC timestamptz; result columns are read by name (case-insensitively):
-- Address, Port, Generation, SiloName, HostName, Status, ProxyPort, SuspectTimes, StartTime,
-- IAmAliveTime, Version. Queries that report success return one row with one integer column (>0 = yes).
-- Status values are Orleans' SiloStatus: 1 Created, 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead.

CREATE TABLE orleans_membership_version (
    deployment_id text        NOT NULL,
    version       integer     NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_membership_version_pkey PRIMARY KEY (deployment_id)
);

CREATE TABLE orleans_membership (
    deployment_id   text        NOT NULL,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    -- "silo,time|silo,time": the votes that declared this silo suspect, as the provider formats them.
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT orleans_membership_pkey PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT orleans_membership_version_fkey FOREIGN KEY (deployment_id)
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE
);

COMMENT ON TABLE orleans_membership_version IS 'Orleans cluster membership: one version row per cluster id.';
COMMENT ON TABLE orleans_membership IS 'Orleans cluster membership: one row per silo instance (status 3 = Active, 6 = Dead).';

-- Adds a silo row and bumps the cluster version, both or neither. Returns 1 on success, 0 when the
-- version moved on or the row already exists.
CREATE FUNCTION orleans_membership_insert(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_silo_name        text,
    p_host_name        text,
    p_status           integer,
    p_proxy_port       integer,
    p_start_time       timestamptz,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    -- The block is a subtransaction: a duplicate row undoes the version bump made inside it.
    BEGIN
        UPDATE orleans_membership_version
           SET version = version + 1, updated_at = now()
         WHERE deployment_id = p_deployment_id
           AND version = p_expected_version;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;

        INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                        status, proxy_port, suspect_times, start_time, i_am_alive_time)
        VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
                p_status, COALESCE(p_proxy_port, 0), NULL, p_start_time, p_i_am_alive_time);
        RETURN 1;
    EXCEPTION WHEN unique_violation THEN
        RETURN 0;
    END;
END;
$fn$;

-- Changes a silo row's status, suspicions and heartbeat and bumps the cluster version, both or neither.
-- Returns 1 on success, 0 when the version moved on or the row does not exist.
CREATE FUNCTION orleans_membership_update(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_status           integer,
    p_suspect_times    text,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    BEGIN
        UPDATE orleans_membership_version
           SET version = version + 1, updated_at = now()
         WHERE deployment_id = p_deployment_id
           AND version = p_expected_version;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;

        UPDATE orleans_membership
           SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
         WHERE deployment_id = p_deployment_id
           AND address = p_address AND port = p_port AND generation = p_generation;
        IF NOT FOUND THEN
            -- Leave the block by an error so the version bump above is rolled back.
            RAISE no_data_found;
        END IF;
        RETURN 1;
    EXCEPTION WHEN no_data_found THEN
        RETURN 0;
    END;
END;
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES

-- Creates the cluster's version row when missing; 1 if it was created, 0 if it existed.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id)
    VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer FROM created
$q$),

('InsertMembershipKey', $q$
SELECT orleans_membership_insert(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)
$q$),

('UpdateMembershipKey', $q$
SELECT orleans_membership_update(
    @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version)
$q$),

-- The heartbeat: deliberately does not touch the version (it is not a membership change).
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
   SET i_am_alive_time = @IAmAliveTime
 WHERE deployment_id = @DeploymentId
   AND address = @Address AND port = @Port AND generation = @Generation
$q$),

-- One silo's row with the cluster version. The version row is always returned (the outer join), with
-- NULL silo columns when that silo has no row; no row at all only when the cluster was never initialised.
('MembershipReadRowKey', $q$
SELECT m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime",
       v.version         AS "Version"
  FROM orleans_membership_version v
  LEFT JOIN orleans_membership m
    ON m.deployment_id = v.deployment_id
   AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
 WHERE v.deployment_id = @DeploymentId
$q$),

('MembershipReadAllKey', $q$
SELECT m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime",
       v.version         AS "Version"
  FROM orleans_membership_version v
  LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
 WHERE v.deployment_id = @DeploymentId
 ORDER BY m.address, m.port, m.generation
$q$),

-- Forgets a whole cluster (its silo rows go with the version row, ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$q$),

-- Gateways for clients: active silos that accept client connections.
('GatewaysQueryKey', $q$
SELECT address    AS "Address",
       proxy_port AS "ProxyPort",
       generation AS "Generation"
  FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND status = @Status
   AND proxy_port > 0
$q$),

-- Old providers' bulk cleanup: rows of silos that are not active and have not sent a heartbeat since
-- @IAmAliveTime. Orleans 10.4 uses CleanupDefunctSiloEntryKey below instead whenever it exists.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND i_am_alive_time < @IAmAliveTime
   AND status <> 3
$q$),

-- Orleans 10.4's per-row cleanup: deletes one dead silo's row only if it is still exactly as the provider
-- read it (same start time, heartbeat and suspicions), so a row changed meanwhile survives.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND address = @Address AND port = @Port AND generation = @Generation
   AND status = 6
   AND start_time = @StartTime
   AND i_am_alive_time = @IAmAliveTime
   AND suspect_times IS NOT DISTINCT FROM @SuspectTimes
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
