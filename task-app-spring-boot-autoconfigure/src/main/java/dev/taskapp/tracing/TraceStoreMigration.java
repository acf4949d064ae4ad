package dev.taskapp.tracing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * Brings a trace store's schema up to date with Flyway, from the migrations of its
 * {@link TraceStoreDialect}. Its history table is {@value TraceStoreDialect#HISTORY_TABLE},
 * so it lives beside an application's own Flyway history. A database that already holds
 * tables (an application's own, or a store created before Flyway managed it) is baselined at
 * version 0 and then migrated: the first migration only creates what is missing.
 * <p>
 * Replicas that open one PostgreSQL store together migrate one after the other, under a
 * PostgreSQL advisory lock: Flyway's own lock does not cover its decision to baseline, and a
 * replica that saw another's half-created history table would otherwise fail.
 */
final class TraceStoreMigration {

	/** Key of the advisory lock that serialises the migrations of replicas ("taskapp1"). */
	static final long MIGRATION_LOCK_KEY = 0x7461736b61707031L;

	private TraceStoreMigration() {
	}

	/**
	 * Migrates the trace store's schema.
	 * @param dialect the database's dialect
	 * @param url the JDBC URL, without credentials
	 * @param username the user name, or {@code null}
	 * @param password the password, or {@code null}
	 * @throws SQLException if the migration lock cannot be taken
	 */
	static void migrate(TraceStoreDialect dialect, String url, @Nullable String username, @Nullable String password)
			throws SQLException {
		Flyway flyway = Flyway.configure(TraceStoreMigration.class.getClassLoader())
			.dataSource(url, username, password)
			.locations(dialect.migrationLocation())
			.table(TraceStoreDialect.HISTORY_TABLE)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load();
		if (dialect != TraceStoreDialect.POSTGRESQL) {
			flyway.migrate();
			return;
		}
		Properties properties = new Properties();
		if (username != null) {
			properties.setProperty("user", username);
		}
		if (password != null) {
			properties.setProperty("password", password);
		}
		try (Connection connection = DriverManager.getConnection(url, properties);
				Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK_KEY + ")");
			try {
				flyway.migrate();
			}
			finally {
				statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK_KEY + ")");
			}
		}
	}

}
