package dev.taskapp.client;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Properties;

import dev.taskapp.support.SchemaMigration;
import org.jspecify.annotations.Nullable;

/**
 * A {@link JobSubmissionLock} that is a PostgreSQL session-level advisory lock
 * ({@code pg_try_advisory_lock}) on a key derived from the job's name, in the database the
 * replicas share. The lock lives as long as the connection that took it: releasing it, or the
 * end of the replica's process, frees it.
 * <p>
 * The holder records the job it submitted in {@code task_app_job_records} (created by Flyway,
 * history table {@value #HISTORY_TABLE}, on first use), on the connection that holds the lock,
 * so that a replica that takes the lock later follows that job rather than submitting another.
 * The connection's password is never part of a log line or exception message.
 */
public final class PostgresJobSubmissionLock implements JobSubmissionLock {

	/** Name of the Flyway history table of the job record schema. */
	public static final String HISTORY_TABLE = "task_app_job_schema_history";

	private static final String KEY_PREFIX = "task-app job: ";

	private final String url;

	private final @Nullable String username;

	private final @Nullable String password;

	private @Nullable Connection held;

	private boolean migrated;

	/**
	 * Creates a lock.
	 * @param url the JDBC URL of the shared database, without a password
	 * @param username the user name, or {@code null}
	 * @param password the password, or {@code null}
	 */
	public PostgresJobSubmissionLock(String url, @Nullable String username, @Nullable String password) {
		this.url = url;
		this.username = username;
		this.password = password;
	}

	@Override
	public synchronized boolean tryAcquire(String jobName) {
		if (this.held != null) {
			return true;
		}
		Connection connection = null;
		try {
			if (!this.migrated) {
				SchemaMigration.migrate("classpath:dev/taskapp/client/db/postgresql", HISTORY_TABLE, this.url,
						this.username, this.password);
				this.migrated = true;
			}
			connection = connect();
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
				statement.setString(1, KEY_PREFIX + jobName);
				try (ResultSet result = statement.executeQuery()) {
					if (result.next() && result.getBoolean(1)) {
						this.held = connection;
						return true;
					}
				}
			}
			connection.close();
			return false;
		}
		catch (SQLException ex) {
			close(connection);
			throw new IllegalStateException("Could not take the job submission lock in the shared database: "
					+ ex.getMessage(), ex);
		}
	}

	@Override
	public boolean sharedByReplicas() {
		return true;
	}

	@Override
	public synchronized @Nullable RecordedJob recordedJob(String jobName) {
		try (PreparedStatement select = holder("read the job record").prepareStatement(
				"SELECT job_id, task_app_url, ended FROM task_app_job_records WHERE job_name = ?")) {
			select.setString(1, jobName);
			try (ResultSet result = select.executeQuery()) {
				return result.next() ? new RecordedJob(result.getString(1), result.getString(2), result.getBoolean(3))
						: null;
			}
		}
		catch (SQLException ex) {
			throw failure("read the job record", ex);
		}
	}

	@Override
	public synchronized void recordSubmitted(String jobName, String jobId, String taskAppUrl) {
		try (PreparedStatement upsert = holder("record the job").prepareStatement("INSERT INTO task_app_job_records"
				+ " (job_name, job_id, task_app_url, ended, updated_at) VALUES (?, ?, ?, FALSE, ?)"
				+ " ON CONFLICT (job_name) DO UPDATE SET job_id = EXCLUDED.job_id,"
				+ " task_app_url = EXCLUDED.task_app_url, ended = FALSE, updated_at = EXCLUDED.updated_at")) {
			upsert.setString(1, jobName);
			upsert.setString(2, jobId);
			upsert.setString(3, taskAppUrl);
			upsert.setObject(4, LocalDateTime.now(ZoneOffset.UTC), Types.TIMESTAMP);
			upsert.executeUpdate();
		}
		catch (SQLException ex) {
			throw failure("record the job", ex);
		}
	}

	@Override
	public synchronized void recordEnded(String jobName, String jobId) {
		try (PreparedStatement update = holder("record the end of the job").prepareStatement(
				"UPDATE task_app_job_records SET ended = TRUE, updated_at = ? WHERE job_name = ? AND job_id = ?")) {
			update.setObject(1, LocalDateTime.now(ZoneOffset.UTC), Types.TIMESTAMP);
			update.setString(2, jobName);
			update.setString(3, jobId);
			update.executeUpdate();
		}
		catch (SQLException ex) {
			throw failure("record the end of the job", ex);
		}
	}

	private Connection holder(String action) {
		Connection connection = this.held;
		if (connection == null) {
			throw new IllegalStateException("Cannot " + action + " without holding the job submission lock");
		}
		return connection;
	}

	private IllegalStateException failure(String action, SQLException ex) {
		return new IllegalStateException("Could not " + action + " in the shared database: " + ex.getMessage(), ex);
	}

	@Override
	public synchronized void release() {
		Connection connection = this.held;
		this.held = null;
		close(connection);
	}

	private Connection connect() throws SQLException {
		Properties properties = new Properties();
		if (this.username != null) {
			properties.setProperty("user", this.username);
		}
		if (this.password != null) {
			properties.setProperty("password", this.password);
		}
		properties.setProperty("ApplicationName", "task-app job submission lock");
		return DriverManager.getConnection(this.url, properties);
	}

	private static void close(@Nullable Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// the server frees the lock with the session
			}
		}
	}

	@Override
	public String toString() {
		int query = this.url.indexOf('?');
		return "PostgresJobSubmissionLock[" + ((query >= 0) ? this.url.substring(0, query) : this.url) + "]";
	}

}
