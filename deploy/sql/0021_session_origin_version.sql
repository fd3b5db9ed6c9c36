-- The version a session was created (or imported) at: no broadcast exists at or below it, so `requestSince`
-- from any version below it means "everything from the origin on", not lost history. Sessions created
-- through the API start at 1; imported ones start at whatever version their state had. Rows that existed
-- before this column get 1: for a session imported at a later version that only makes a `requestSince`
-- below its origin answer HISTORY_UNAVAILABLE (the old, safe answer), never a list with a hole in it.
ALTER TABLE game_session ADD COLUMN origin_version bigint NOT NULL DEFAULT 1;

COMMENT ON COLUMN game_session.origin_version IS
    'The state version the session was created or imported at; its first broadcast is origin_version + 1.';
