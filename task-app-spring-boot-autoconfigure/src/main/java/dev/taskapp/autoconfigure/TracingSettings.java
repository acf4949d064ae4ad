package dev.taskapp.autoconfigure;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The resolved {@code task-app.tracing} settings: each property, else the environment
 * variable the Python SDK reads ({@code synth_ai/sdk/task/tracing_utils.py}:
 * {@code TASKAPP_TRACING_ENABLED}, {@code TASKAPP_TRACE_DB_PATH},
 * {@code TASKAPP_SFT_OUTPUT_DIR}, then {@code SFT_OUTPUT_DIR}), else the default.
 *
 * {@code task-app.tracing.url} selects a shared (PostgreSQL) trace store instead of the SQLite
 * file and turns the store on unless {@code task-app.tracing.enabled} is false.
 *
 * @param storeEnabled whether traces are written to the trace store
 * @param dbPath the SQLite trace store's database file
 * @param sftOutputDir the directory of the SFT JSONL file, or {@code null} for none
 * @param url the JDBC URL of a shared trace store, or {@code null} for the SQLite file
 */
record TracingSettings(boolean storeEnabled, Path dbPath, @Nullable Path sftOutputDir, @Nullable String url) {

	static final String ENABLED_VARIABLE = "TASKAPP_TRACING_ENABLED";

	static final String DB_PATH_VARIABLE = "TASKAPP_TRACE_DB_PATH";

	static final String DEFAULT_DB_PATH = "traces/task_app_traces.db";

	private static final String[] SFT_VARIABLES = { "TASKAPP_SFT_OUTPUT_DIR", "SFT_OUTPUT_DIR" };

	private static final Set<String> TRUE = Set.of("1", "true", "t", "yes", "y", "on");

	/**
	 * Returns whether anything is written: the trace store or SFT JSONL.
	 */
	boolean active() {
		return this.storeEnabled || this.sftOutputDir != null;
	}

	static TracingSettings resolve(TaskAppProperties.Tracing tracing, Environment environment) {
		return resolve(tracing.enabled(), tracing.dbPath(), tracing.sftOutputDir(), tracing.url(), environment);
	}

	/**
	 * Resolves the settings before the properties are bound, for conditions.
	 */
	static TracingSettings resolve(Environment environment) {
		Binder binder = Binder.get(environment);
		String prefix = TaskAppProperties.PREFIX + ".tracing.";
		return resolve(binder.bind(prefix + "enabled", Boolean.class).orElse(null),
				binder.bind(prefix + "db-path", String.class).orElse(null),
				binder.bind(prefix + "sft-output-dir", String.class).orElse(null),
				binder.bind(prefix + "url", String.class).orElse(null), environment);
	}

	private static TracingSettings resolve(@Nullable Boolean enabled, @Nullable String dbPath,
			@Nullable String sftOutputDir, @Nullable String url, Environment environment) {
		String jdbcUrl = StringUtils.hasText(url) ? url.strip() : null;
		boolean storeEnabled = (enabled != null) ? enabled
				: (jdbcUrl != null || isTrue(environment.getProperty(ENABLED_VARIABLE)));
		String db = StringUtils.hasText(dbPath) ? dbPath : environment.getProperty(DB_PATH_VARIABLE);
		String sft = sftOutputDir;
		for (int i = 0; i < SFT_VARIABLES.length && !StringUtils.hasText(sft); i++) {
			sft = environment.getProperty(SFT_VARIABLES[i]);
		}
		return new TracingSettings(storeEnabled, Path.of(StringUtils.hasText(db) ? db.strip() : DEFAULT_DB_PATH),
				StringUtils.hasText(sft) ? Path.of(sft.strip()) : null, jdbcUrl);
	}

	private static boolean isTrue(@Nullable String value) {
		return value != null && TRUE.contains(value.strip().toLowerCase(Locale.ROOT));
	}

}
