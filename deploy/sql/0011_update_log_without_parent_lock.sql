-- The update log is the hot path: one INSERT per accepted update. Its foreign key to game_session made
-- every insert take a KEY SHARE lock on the session's header row, which writes the header tuple and WAL
-- on each update. Sessions are never deleted while they have a log, so the key bought nothing.
ALTER TABLE game_session_update DROP CONSTRAINT game_session_update_session_id_fkey;
