package dev.taskapp.tracing;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * What differs between the databases a trace store lives in: where Flyway finds the schema,
 * how date-times and JSON are bound, and how the id of an inserted row is read back.
 */
enum TraceStoreDialect {

	/** The embedded default: DATETIME columns hold UTC text, JSON columns JSON text. */
	SQLITE("sqlite") {

		@Override
		void setDateTime(PreparedStatement statement, int index, Instant instant) throws SQLException {
			statement.setString(index, SqliteTraceWriter.dateTime(instant));
		}

		@Override
		String json() {
			return "?";
		}

		@Override
		String returningId() {
			return "";
		}

	},

	/** A shared store: TIMESTAMP columns (UTC), JSONB columns, identity ids. */
	POSTGRESQL("postgresql") {

		@Override
		void setDateTime(PreparedStatement statement, int index, Instant instant) throws SQLException {
			statement.setObject(index, LocalDateTime.ofInstant(instant, ZoneOffset.UTC), Types.TIMESTAMP);
		}

		@Override
		String json() {
			return "CAST(? AS jsonb)";
		}

		@Override
		String returningId() {
			return " RETURNING id";
		}

	};

	/** Name of the Flyway history table, apart from any table of the application's own. */
	static final String HISTORY_TABLE = "task_app_trace_schema_history";

	private final String vendor;

	TraceStoreDialect(String vendor) {
		this.vendor = vendor;
	}

	/**
	 * Returns the Flyway location of the schema migrations.
	 */
	String migrationLocation() {
		return "classpath:dev/taskapp/tracing/db/" + this.vendor;
	}

	/**
	 * Binds a date-time parameter.
	 */
	abstract void setDateTime(PreparedStatement statement, int index, Instant instant) throws SQLException;

	/**
	 * Returns the placeholder of a JSON parameter bound as text.
	 */
	abstract String json();

	/**
	 * Returns the clause that makes an {@code INSERT} return the new row's id, or an empty
	 * string where the id is read with {@code last_insert_rowid()}.
	 */
	abstract String returningId();

	/**
	 * Returns the dialect of a JDBC URL.
	 * @param url the URL
	 * @return the dialect, or {@code null} for a database that cannot hold a trace store
	 */
	static @Nullable TraceStoreDialect of(String url) {
		if (url.startsWith("jdbc:postgresql:")) {
			return POSTGRESQL;
		}
		if (url.startsWith("jdbc:sqlite:")) {
			return SQLITE;
		}
		return null;
	}

}
