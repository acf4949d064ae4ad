package dev.taskapp.container;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import dev.taskapp.support.SchemaMigration;
import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RolloutRecordStore} in a PostgreSQL database that several task-app replicas share
 * (the trace store's database), so that any replica answers for a rollout another started.
 * The table {@code task_app_rollout_records} is created by Flyway (history table
 * {@value #HISTORY_TABLE}) when the store is first used, under the advisory lock that
 * serialises the task-app migrations of replicas starting together. A submission is stored
 * with {@code INSERT ... ON CONFLICT DO NOTHING}, so a rollout id or idempotency key runs once
 * across replicas. A finished record expires the retention period after it finished.
 * <p>
 * The password is never part of a log line, an exception message or {@link #toString()}.
 */
public final class PostgresRolloutRecordStore implements RolloutRecordStore, AutoCloseable {

	/** Name of the Flyway history table of the rollout record schema. */
	public static final String HISTORY_TABLE = "task_app_rollout_record_schema_history";

	private static final int SWEEP_EVERY = 1024;

	private static final String TERMINAL = "('completed', 'failed', 'cancelled')";

	private final String url;

	private final @Nullable String username;

	private final @Nullable String password;

	private final Duration retention;

	private final Clock clock;

	private @Nullable Connection connection;

	private boolean migrated;

	private boolean closed;

	private long writes;

	/**
	 * Creates a store.
	 * @param url the JDBC URL, {@code jdbc:postgresql://host:port/database}, without a password
	 * @param username the user name, or {@code null} for the driver's default
	 * @param password the password, or {@code null} for none
	 * @param retention how long a finished record stays readable
	 * @param clock the clock expiry is measured with
	 */
	public PostgresRolloutRecordStore(String url, @Nullable String username, @Nullable String password,
			Duration retention, Clock clock) {
		if (!url.startsWith("jdbc:postgresql:")) {
			throw new IllegalArgumentException("Not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): "
					+ location(url));
		}
		this.url = url;
		this.username = username;
		this.password = password;
		this.retention = retention;
		this.clock = clock;
	}

	@Override
	public synchronized @Nullable RolloutRecord putIfAbsent(RolloutRecord record) {
		return call("store", (connection) -> {
			Instant now = this.clock.instant();
			if (++this.writes % SWEEP_EVERY == 0) {
				sweep(connection, now);
			}
			forgetExpired(connection, record, now);
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO task_app_rollout_records"
					+ " (rollout_id, idempotency_key, status, updated_at, body) VALUES (?, ?, ?, ?, CAST(? AS jsonb))"
					+ " ON CONFLICT DO NOTHING")) {
				insert.setString(1, record.rolloutId());
				insert.setString(2, record.idempotencyKey());
				insert.setString(3, record.status().wire());
				setTimestamp(insert, 4, record.updatedAt());
				insert.setString(5, TaskAppJson.mapper().writeValueAsString(record.body()));
				if (insert.executeUpdate() == 1) {
					return null;
				}
			}
			try (PreparedStatement select = connection.prepareStatement(
					"SELECT rollout_id, idempotency_key, status, updated_at, body::text FROM task_app_rollout_records"
							+ " WHERE rollout_id = ? OR idempotency_key = ? ORDER BY rollout_id = ? DESC LIMIT 1")) {
				select.setString(1, record.rolloutId());
				select.setString(2, record.idempotencyKey());
				select.setString(3, record.rolloutId());
				RolloutRecord known = readOne(select);
				if (known == null) {
					throw new SQLException("The conflicting record of rollout " + record.rolloutId() + " vanished");
				}
				return known;
			}
		});
	}

	@Override
	public synchronized void update(RolloutRecord record) {
		call("update", (connection) -> {
			try (PreparedStatement update = connection.prepareStatement("UPDATE task_app_rollout_records"
					+ " SET status = ?, updated_at = ?, body = CAST(? AS jsonb)"
					+ " WHERE rollout_id = ? AND status <> 'cancelled'")) {
				update.setString(1, record.status().wire());
				setTimestamp(update, 2, record.updatedAt());
				update.setString(3, TaskAppJson.mapper().writeValueAsString(record.body()));
				update.setString(4, record.rolloutId());
				update.executeUpdate();
			}
			return null;
		});
	}

	@Override
	public synchronized @Nullable RolloutRecord get(String rolloutId) {
		return call("read", (connection) -> {
			try (PreparedStatement select = connection.prepareStatement(
					"SELECT rollout_id, idempotency_key, status, updated_at, body::text FROM task_app_rollout_records"
							+ " WHERE rollout_id = ?")) {
				select.setString(1, rolloutId);
				RolloutRecord record = readOne(select);
				return (record != null && expired(record, this.clock.instant())) ? null : record;
			}
		});
	}

	@Override
	public synchronized Set<String> cancelledAmong(Collection<String> rolloutIds) {
		if (rolloutIds.isEmpty()) {
			return Set.of();
		}
		return call("read", (connection) -> {
			Array ids = connection.createArrayOf("text", rolloutIds.toArray());
			try (PreparedStatement select = connection.prepareStatement("SELECT rollout_id FROM"
					+ " task_app_rollout_records WHERE status = 'cancelled' AND rollout_id = ANY (?)")) {
				select.setArray(1, ids);
				Set<String> cancelled = new HashSet<>();
				try (ResultSet rows = select.executeQuery()) {
					while (rows.next()) {
						cancelled.add(rows.getString(1));
					}
				}
				return cancelled;
			}
			finally {
				ids.free();
			}
		});
	}

	@Override
	public boolean shared() {
		return true;
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		closeConnection();
	}

	@Override
	public String toString() {
		return "PostgresRolloutRecordStore[" + location(this.url) + "]";
	}

	private boolean expired(RolloutRecord record, Instant now) {
		return record.status().terminal() && !record.updatedAt().plus(this.retention).isAfter(now);
	}

	/**
	 * Deletes an expired record that holds the id or the idempotency key of a new one, so that
	 * the new one can take its place.
	 */
	private void forgetExpired(Connection connection, RolloutRecord record, Instant now) throws SQLException {
		try (PreparedStatement delete = connection.prepareStatement("DELETE FROM task_app_rollout_records"
				+ " WHERE (rollout_id = ? OR idempotency_key = ?) AND status IN " + TERMINAL + " AND updated_at <= ?")) {
			delete.setString(1, record.rolloutId());
			delete.setString(2, record.idempotencyKey());
			setTimestamp(delete, 3, now.minus(this.retention));
			delete.executeUpdate();
		}
	}

	private void sweep(Connection connection, Instant now) throws SQLException {
		try (PreparedStatement delete = connection.prepareStatement(
				"DELETE FROM task_app_rollout_records WHERE status IN " + TERMINAL + " AND updated_at <= ?")) {
			setTimestamp(delete, 1, now.minus(this.retention));
			delete.executeUpdate();
		}
	}

	@SuppressWarnings("unchecked")
	private static @Nullable RolloutRecord readOne(PreparedStatement select) throws SQLException {
		try (ResultSet rows = select.executeQuery()) {
			if (!rows.next()) {
				return null;
			}
			return new RolloutRecord(rows.getString(1), rows.getString(2),
					RolloutStatus.valueOf(rows.getString(3).toUpperCase(Locale.ROOT)),
					rows.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC),
					TaskAppJson.mapper().readValue(rows.getString(5), Map.class));
		}
	}

	private static void setTimestamp(PreparedStatement statement, int index, Instant instant) throws SQLException {
		statement.setObject(index, LocalDateTime.ofInstant(instant, ZoneOffset.UTC), Types.TIMESTAMP);
	}

	/**
	 * Runs a statement on the store's connection, opened (and the schema migrated) on first use
	 * and opened again after a failure.
	 */
	private <T extends @Nullable Object> T call(String action, Work<T> work) {
		try {
			return work.run(connection());
		}
		catch (SQLException ex) {
			closeConnection();
			throw new IllegalStateException("The rollout record store " + location(this.url) + " could not " + action
					+ " a record: " + ex.getMessage(), ex);
		}
	}

	private Connection connection() throws SQLException {
		Connection open = this.connection;
		if (open != null) {
			return open;
		}
		if (this.closed) {
			throw new SQLException("The store is closed");
		}
		if (!this.migrated) {
			migrate();
			this.migrated = true;
		}
		open = DriverManager.getConnection(this.url, credentials("task-app rollout records"));
		this.connection = open;
		return open;
	}

	/**
	 * Brings the schema up to date; a database that already holds tables (the trace store's)
	 * is baselined at version 0 first, and the first migration only creates what is missing.
	 */
	private void migrate() throws SQLException {
		SchemaMigration.migrate("classpath:dev/taskapp/container/db/postgresql", HISTORY_TABLE, this.url, this.username,
				this.password);
	}

	private Properties credentials(String applicationName) {
		Properties properties = new Properties();
		if (this.username != null) {
			properties.setProperty("user", this.username);
		}
		if (this.password != null) {
			properties.setProperty("password", this.password);
		}
		properties.setProperty("ApplicationName", applicationName);
		return properties;
	}

	private void closeConnection() {
		Connection open = this.connection;
		this.connection = null;
		if (open != null) {
			try {
				open.close();
			}
			catch (SQLException ex) {
				// Already broken: nothing more to release.
			}
		}
	}

	private static String location(String url) {
		int query = url.indexOf('?');
		return (query >= 0) ? url.substring(0, query) : url;
	}

	@FunctionalInterface
	private interface Work<T extends @Nullable Object> {

		T run(Connection connection) throws SQLException;

	}

}
