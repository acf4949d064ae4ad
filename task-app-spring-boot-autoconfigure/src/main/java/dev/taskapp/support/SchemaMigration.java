package dev.taskapp.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * Brings one of the starter's schemas up to date with Flyway. Each schema (traces, rollout
 * records, job records) has its own migration location and history table, so it lives beside
 * the others and an application's own Flyway history. A database that already holds tables is
 * baselined at version 0 and then migrated: a first migration only creates what is missing.
 * <p>
 * On PostgreSQL, replicas that start together migrate one after the other, under one advisory
 * lock: Flyway's own lock does not cover its decision to baseline, and a replica that saw
 * another's half-created history table would otherwise fail. Needs
 * {@code org.flywaydb:flyway-core} (and {@code flyway-database-postgresql} for PostgreSQL).
 */
public final class SchemaMigration {

	/** Key of the advisory lock that serialises the migrations of replicas ("taskapp1"). */
	public static final long LOCK_KEY = 0x7461736b61707031L;

	private SchemaMigration() {
	}

	/**
	 * Migrates a schema.
	 * @param location the Flyway location of its migrations, such as
	 * {@code classpath:dev/taskapp/tracing/db/postgresql}
	 * @param historyTable the name of its Flyway history table
	 * @param url the JDBC URL, without credentials
	 * @param username the user name, or {@code null}
	 * @param password the password, or {@code null}
	 * @throws SQLException if the migration lock cannot be taken
	 */
	public static void migrate(String location, String historyTable, String url, @Nullable String username,
			@Nullable String password) throws SQLException {
		Flyway flyway = Flyway.configure(SchemaMigration.class.getClassLoader())
			.dataSource(url, username, password)
			.locations(location)
			.table(historyTable)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load();
		if (!url.startsWith("jdbc:postgresql:")) {
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
		properties.setProperty("ApplicationName", "task-app migration");
		try (Connection connection = DriverManager.getConnection(url, properties);
				Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
			try {
				flyway.migrate();
			}
			finally {
				statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
			}
		}
	}

}
