-- History and ending (CONTRACT sections 8 and 10).
--
-- State at a version and revert replay the log forward from a snapshot at or below that version, so older
-- snapshots are kept as history bases: when a new snapshot replaces the one in game_session_snapshot, the old
-- one moves here. A snapshot prunes the log only up to the newest base at or below its pruning bound, and drops
-- the bases older than that one, so every version from the oldest base on can be rebuilt, and the log still
-- keeps at least the retention it kept before.
CREATE TABLE game_session_snapshot_history (
    session_id  text        NOT NULL REFERENCES game_session (session_id) ON DELETE CASCADE,
    version     bigint      NOT NULL,
    state       json        NOT NULL,
    written_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, version)
);

COMMENT ON TABLE game_session_snapshot_history IS
    'Older snapshots kept as bases for state-at-a-version and revert; the log after the oldest one is complete.';

-- An ended session is an archive: reads and joins are served, every update is refused with SESSION_ENDED.
ALTER TABLE game_session ADD COLUMN ended_at timestamptz NULL;

COMMENT ON COLUMN game_session.ended_at IS
    'When the GM ended the session (POST /api/sessions/{id}/end); NULL while it is live.';
