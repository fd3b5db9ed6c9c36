-- Session write-through (backing models): how far each session's accepted updates have been written
-- through to its campaign's entities. The update log is the outbox: on activation a session rewrites
-- every entity touched by a log row after this version, and snapshot pruning never deletes log rows
-- beyond it. Rows are only ever moved forward (GREATEST), so a late write of a stale activation cannot
-- move it back.

CREATE TABLE game_session_write_through (
    session_id  text        PRIMARY KEY REFERENCES game_session (session_id) ON DELETE CASCADE,
    version     bigint      NOT NULL,
    written_at  timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE game_session_write_through IS
    'Per session, the newest version whose touched entities are written through to the campaign''s backing models.';
