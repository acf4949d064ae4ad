-- Records of container rollouts that several task-app replicas share (task-app.tracing.url
-- names the database), applied by Flyway (history table task_app_rollout_record_schema_history)
-- when the first replica starts.
--
-- A rollout is found by its id, and a repeated submission by its idempotency key: both are
-- unique, so that INSERT ... ON CONFLICT DO NOTHING stores a rollout once across replicas.
-- updated_at is UTC; a finished record expires task-app.container.record-retention after it.

CREATE TABLE IF NOT EXISTS task_app_rollout_records (
	rollout_id TEXT PRIMARY KEY,
	idempotency_key TEXT UNIQUE,
	status TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	body JSONB NOT NULL
);

CREATE INDEX IF NOT EXISTS idx_rollout_records_status_updated ON task_app_rollout_records (status, updated_at);
