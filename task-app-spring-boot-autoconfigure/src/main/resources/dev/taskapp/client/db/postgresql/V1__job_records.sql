-- The job each deployment of task-app replicas submitted (task-app.tracing.url names the shared
-- database), applied by Flyway (history table task_app_job_schema_history) when a replica first
-- takes the job submission lock. Only the replica that holds the job's advisory lock writes its
-- row; a replica that takes the lock later follows the recorded job instead of submitting another.
-- updated_at is UTC.

CREATE TABLE IF NOT EXISTS task_app_job_records (
	job_name TEXT PRIMARY KEY,
	job_id TEXT NOT NULL,
	task_app_url TEXT NOT NULL,
	ended BOOLEAN NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
