package dev.taskapp.tracing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

import dev.taskapp.support.SchemaMigration;
import org.jspecify.annotations.Nullable;

/**
 * Writes rollout traces to a PostgreSQL database that several task-app replicas share (the
 * {@code org.postgresql:postgresql} driver, {@code org.flywaydb:flyway-core} and
 * {@code org.flywaydb:flyway-database-postgresql} must be on the class path), one transaction
 * per batch. Flyway creates the same tables as the SQLite store, in PostgreSQL types, when the
 * store is first opened (replicas that start together wait for each other on Flyway's lock).
 * <p>
 * The password is never part of the URL, of a log line or of {@link #toString()}: a URL that
 * carries one is refused.
 */
public final class PostgresTraceWriter extends JdbcTraceWriter {

	private final String url;

	private final @Nullable String username;

	private final @Nullable String password;

	/**
	 * Creates a writer.
	 * @param url the JDBC URL, {@code jdbc:postgresql://host:port/database}, without a password
	 * @param username the user name, or {@code null} for the driver's default
	 * @param password the password, or {@code null} for none
	 * @throws IllegalArgumentException if the URL is not a PostgreSQL URL or carries a password
	 */
	public PostgresTraceWriter(String url, @Nullable String username, @Nullable String password) {
		super(TraceStoreDialect.POSTGRESQL);
		if (TraceStoreDialect.of(url) != TraceStoreDialect.POSTGRESQL) {
			throw new IllegalArgumentException("Not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): "
					+ withoutQuery(url));
		}
		if (carriesPassword(url)) {
			throw new IllegalArgumentException("The trace store's JDBC URL must not carry a password: set it apart"
					+ " (task-app.tracing.password), so that it never shows in a log line");
		}
		this.url = url;
		this.username = username;
		this.password = password;
	}

	@Override
	public String name() {
		return "postgresql";
	}

	/**
	 * Returns the JDBC URL without its query parameters, fit for a log line.
	 * @return the URL
	 */
	public String location() {
		return withoutQuery(this.url);
	}

	@Override
	Connection open() throws SQLException {
		SchemaMigration.migrate(TraceStoreDialect.POSTGRESQL.migrationLocation(), TraceStoreDialect.HISTORY_TABLE, this.url,
				this.username, this.password);
		Properties properties = new Properties();
		if (this.username != null) {
			properties.setProperty("user", this.username);
		}
		if (this.password != null) {
			properties.setProperty("password", this.password);
		}
		properties.setProperty("ApplicationName", "task-app trace store");
		return DriverManager.getConnection(this.url, properties);
	}

	@Override
	public String toString() {
		return "PostgresTraceWriter[" + location() + "]";
	}

	private static boolean carriesPassword(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		int query = lower.indexOf('?');
		String authority = lower.substring(0, (query >= 0) ? query : lower.length());
		return (query >= 0 && (lower.indexOf("password=", query) > 0)) || authority.contains("@");
	}

	private static String withoutQuery(String url) {
		int query = url.indexOf('?');
		return (query >= 0) ? url.substring(0, query) : url;
	}

}
