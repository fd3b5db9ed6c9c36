-- Game sessions: a small header row, an append-only update log, and periodic snapshots.
-- JSON columns use `json` (not jsonb) on purpose: it keeps the text exactly as written, so key order
-- and number forms survive, and an operator can still read and query it with psql.

CREATE TABLE game_session (
    session_id      text        PRIMARY KEY,
    campaign_id     text        NOT NULL,
    gm_user_id      text        NOT NULL,
    member_user_ids text[]      NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX game_session_campaign_idx ON game_session (campaign_id);

-- One row per accepted update. The primary key on (session_id, version) is what stops two activations
-- of the same session (possible for a moment during silo failures) from both committing a version.
-- The unique update_id per session backs idempotent resends beyond the in-memory window.
CREATE TABLE game_session_update (
    session_id       text   NOT NULL REFERENCES game_session (session_id) ON DELETE CASCADE,
    version          bigint NOT NULL,
    update_id        text   NOT NULL,
    last_updated     bigint NOT NULL,
    broadcast        json   NOT NULL,
    touched_entities json   NOT NULL DEFAULT '[]',
    PRIMARY KEY (session_id, version),
    CONSTRAINT game_session_update_id_unique UNIQUE (session_id, update_id)
);

-- The latest full state of a session; activation reads it and replays the log after it.
CREATE TABLE game_session_snapshot (
    session_id  text        PRIMARY KEY REFERENCES game_session (session_id) ON DELETE CASCADE,
    version     bigint      NOT NULL,
    state       json        NOT NULL,
    written_at  timestamptz NOT NULL DEFAULT now()
);
