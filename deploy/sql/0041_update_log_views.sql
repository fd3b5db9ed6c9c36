-- Player views (CONTRACT section 7): when a session hides something from its players, each log row also keeps
-- the broadcast of every distinct member view, so that `requestSince` answers each member with their own
-- view's history after any reactivation, without replaying the state. NULL when every member saw the GM's
-- broadcast (a session without hidden content never writes it).
ALTER TABLE game_session_update ADD COLUMN views json NULL;

COMMENT ON COLUMN game_session_update.views IS
    'Per-view broadcasts: {"others": broadcast, "named": [{"users": [userId], "broadcast": broadcast}]}; NULL when all members got the GM''s.';
