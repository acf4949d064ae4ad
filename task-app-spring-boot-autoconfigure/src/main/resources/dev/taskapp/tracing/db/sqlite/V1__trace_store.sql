-- Schema of the task-app trace store on SQLite (the embedded default), applied by Flyway
-- (history table task_app_trace_schema_history) when the store is first opened; the
-- PostgreSQL script beside it creates the same tables.
--
-- It follows the table layout of synth-ai's tracing_v3 storage
-- (synth-laboratories/synth-ai: synth_ai/tracing_v3/turso/models.py, the SQLAlchemy models
-- SessionTrace, SessionTimestep, Event, Message, OutcomeReward) so that its tooling can read
-- the database. Tables of that layout the starter never fills (experiments, systems,
-- system_versions, experimental_systems, event_rewards) are left out. JSON columns hold JSON
-- text; DATETIME columns UTC text 'YYYY-MM-DD HH:MM:SS.ffffff' (as SQLAlchemy writes them);
-- event_time Unix seconds.
--
-- One rollout writes, in one transaction:
--   session_traces   1 row:  session_id = random UUID; metadata = {"run_id", "trace_correlation_id",
--                            "correlation_ids", "task_app", "env_id", "env_name", "seed", "mode",
--                            "policy_id", "policy_name", "outcome", "status", "reward", "num_steps",
--                            "started_at", "ended_at", "schema_version": "4.0"}
--   session_timesteps 1 row per LM call: step_id 'lm_call_<n>', step_index = turn_number = n
--   events           1 row per LM call: event_type 'cais', model_name, token counts, latency_ms,
--                            call_records = [LLMCallRecord], metadata = the v4 lm_call event
--                            (llm_request with the whole request, llm_response)
--   messages         1 row per request message and 1 for the answer of each LM call:
--                            message_type system | user | assistant | tool_result (role 'tool');
--                            content = the text, or the message as JSON when it has tool calls or
--                            content parts; metadata = {"role", "lm_call_index", "is_tool_call"}
--   outcome_rewards  1 row when the handler answered: total_reward = metrics.mean_return
--                            (a REAL where it is fractional), total_steps = metrics.num_steps,
--                            reward_metadata = {"run_id", "episode_returns", "outcome_score",
--                            "outcome"}

CREATE TABLE IF NOT EXISTS session_traces (
	session_id TEXT PRIMARY KEY,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	num_timesteps INTEGER NOT NULL DEFAULT 0,
	num_events INTEGER NOT NULL DEFAULT 0,
	num_messages INTEGER NOT NULL DEFAULT 0,
	metadata TEXT,
	experiment_id TEXT,
	embedding VECTOR
);

CREATE INDEX IF NOT EXISTS idx_session_created ON session_traces (created_at);

CREATE INDEX IF NOT EXISTS idx_session_experiment ON session_traces (experiment_id);

CREATE TABLE IF NOT EXISTS session_timesteps (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	session_id TEXT NOT NULL REFERENCES session_traces (session_id),
	step_id TEXT NOT NULL,
	step_index INTEGER NOT NULL,
	turn_number INTEGER,
	started_at DATETIME DEFAULT CURRENT_TIMESTAMP,
	completed_at DATETIME,
	num_events INTEGER DEFAULT 0,
	num_messages INTEGER DEFAULT 0,
	step_metadata TEXT,
	CONSTRAINT uq_session_step UNIQUE (session_id, step_id)
);

CREATE INDEX IF NOT EXISTS idx_timestep_session_step ON session_timesteps (session_id, step_id);

CREATE INDEX IF NOT EXISTS idx_timestep_turn ON session_timesteps (turn_number);

CREATE TABLE IF NOT EXISTS events (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	session_id TEXT NOT NULL REFERENCES session_traces (session_id),
	timestep_id INTEGER REFERENCES session_timesteps (id),
	event_type TEXT NOT NULL,
	system_instance_id TEXT,
	event_time REAL,
	message_time INTEGER,
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
	model_name TEXT,
	provider TEXT,
	input_tokens INTEGER,
	output_tokens INTEGER,
	total_tokens INTEGER,
	cost_usd INTEGER,
	latency_ms INTEGER,
	span_id TEXT,
	trace_id TEXT,
	call_records TEXT,
	reward REAL,
	terminated BOOLEAN,
	truncated BOOLEAN,
	system_state_before TEXT,
	system_state_after TEXT,
	metadata TEXT,
	event_metadata TEXT,
	embedding VECTOR,
	CONSTRAINT check_event_type CHECK (event_type IN ('cais', 'environment', 'runtime'))
);

CREATE INDEX IF NOT EXISTS idx_event_session_step ON events (session_id, timestep_id);

CREATE INDEX IF NOT EXISTS idx_event_type ON events (event_type);

CREATE INDEX IF NOT EXISTS idx_event_created ON events (created_at);

CREATE INDEX IF NOT EXISTS idx_event_model ON events (model_name);

CREATE INDEX IF NOT EXISTS idx_event_trace ON events (trace_id);

CREATE TABLE IF NOT EXISTS messages (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	session_id TEXT NOT NULL REFERENCES session_traces (session_id),
	timestep_id INTEGER REFERENCES session_timesteps (id),
	message_type TEXT NOT NULL,
	content TEXT NOT NULL,
	timestamp DATETIME DEFAULT CURRENT_TIMESTAMP,
	event_time REAL,
	message_time INTEGER,
	metadata TEXT,
	embedding VECTOR,
	CONSTRAINT check_message_type CHECK (message_type IN ('user', 'assistant', 'system', 'tool_use', 'tool_result'))
);

CREATE INDEX IF NOT EXISTS idx_message_session_step ON messages (session_id, timestep_id);

CREATE INDEX IF NOT EXISTS idx_message_type ON messages (message_type);

CREATE INDEX IF NOT EXISTS idx_message_timestamp ON messages (timestamp);

CREATE TABLE IF NOT EXISTS outcome_rewards (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	session_id TEXT NOT NULL REFERENCES session_traces (session_id),
	total_reward INTEGER NOT NULL,
	achievements_count INTEGER NOT NULL DEFAULT 0,
	total_steps INTEGER NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	reward_metadata TEXT
);

CREATE INDEX IF NOT EXISTS idx_outcome_rewards_session ON outcome_rewards (session_id);

CREATE INDEX IF NOT EXISTS idx_outcome_rewards_total ON outcome_rewards (total_reward);
