package dev.taskapp.client;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * A {@link JobSubmissionLock} that is a PostgreSQL session-level advisory lock
 * ({@code pg_try_advisory_lock}) on a key derived from the job's name, in the database the
 * replicas share. The lock lives as long as the connection that took it: releasing it, or the
 * end of the replica's process, frees it. The connection's password is never part of a log
 * line or exception message.
 */
public final class PostgresJobSubmissionLock implements JobSubmissionLock {

	private static final String KEY_PREFIX = "task-app job: ";

	private final String url;

	private final @Nullable String username;

	private final @Nullable String password;

	private @Nullable Connection held;

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
