package dev.taskapp.tracing;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * Brings a trace store's schema up to date with Flyway, from the migrations of its
 * {@link TraceStoreDialect}. Its history table is {@value TraceStoreDialect#HISTORY_TABLE},
 * so it lives beside an application's own Flyway history. A database that already holds
 * tables (an application's own, or a store created before Flyway managed it) is baselined at
 * version 0 and then migrated: the first migration only creates what is missing. Replicas
 * that start together are serialised by Flyway's own lock.
 */
final class TraceStoreMigration {

	private TraceStoreMigration() {
	}

	/**
	 * Migrates the trace store's schema.
	 * @param dialect the database's dialect
	 * @param url the JDBC URL, without credentials
	 * @param username the user name, or {@code null}
	 * @param password the password, or {@code null}
	 */
	static void migrate(TraceStoreDialect dialect, String url, @Nullable String username, @Nullable String password) {
		Flyway.configure(TraceStoreMigration.class.getClassLoader())
			.dataSource(url, username, password)
			.locations(dialect.migrationLocation())
			.table(TraceStoreDialect.HISTORY_TABLE)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
