-- The query table of the Orleans ADO.NET providers (clustering, persistence).
--
-- At startup each provider runs, literally, `SELECT QueryKey, QueryText FROM OrleansQuery` and from then on
-- issues only the SQL text stored here, binding its own named parameters (@DeploymentId, @GrainIdHash, ...)
-- and reading result columns by name. So the table and column names are fixed by the providers; PostgreSQL
-- folds the unquoted names they use to lower case, which is why they are spelled in lower case here.
-- Everything the query texts touch (the orleans_* tables of the next scripts) is ours to design.
--
-- Later scripts add their rows with INSERT ... ON CONFLICT DO UPDATE, so a query can be redefined by a
-- later migration without editing an applied one.

CREATE TABLE orleansquery (
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT orleansquery_pkey PRIMARY KEY (querykey)
);

COMMENT ON TABLE orleansquery IS
    'SQL text the Orleans ADO.NET providers execute, by key. Loaded once per provider at process start.';
