package dev.taskapp.tracing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import dev.taskapp.support.SchemaMigration;

/**
 * Writes rollout traces to an embedded SQLite database (the {@code org.xerial:sqlite-jdbc}
 * driver and {@code org.flywaydb:flyway-core} must be on the class path), one transaction per
 * batch. Flyway creates the schema when the database is first opened, starting with
 * {@value #SCHEMA_RESOURCE}: the tracing_v3 layout of synth-ai
 * ({@code synth_ai/tracing_v3/turso/models.py} in synth-laboratories/synth-ai) —
 * {@code session_traces}, {@code session_timesteps}, {@code events} (one {@code cais} event
 * per LM call with its {@code LLMCallRecord}), {@code messages} and
 * {@code outcome_rewards}; the resource documents what each rollout writes.
 * <p>
 * The database runs in WAL mode, so it can be read while the task app writes.
 */
public final class SqliteTraceWriter extends JdbcTraceWriter {

	/** Class path location of the first schema migration. */
	public static final String SCHEMA_RESOURCE = "dev/taskapp/tracing/db/sqlite/V1__trace_store.sql";

	static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	private final Path path;

	/**
	 * Creates a writer.
	 * @param path the database file; missing parent directories are created
	 */
	public SqliteTraceWriter(Path path) {
		super(TraceStoreDialect.SQLITE);
		this.path = path;
	}

	@Override
	public String name() {
		return "sqlite";
	}

	/**
	 * Returns the database file.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	@Override
	Connection open() throws SQLException, IOException {
		createParentDirectory(this.path);
		SchemaMigration.migrate(TraceStoreDialect.SQLITE.migrationLocation(), TraceStoreDialect.HISTORY_TABLE, url(this.path),
				null, null);
		return open(this.path);
	}

	/**
	 * Opens a connection to the database at the given path, in WAL mode.
	 * @param path the database file
	 * @return the connection
	 * @throws SQLException if the database cannot be opened
	 * @throws IOException if its directory cannot be created
	 */
	static Connection open(Path path) throws SQLException, IOException {
		createParentDirectory(path);
		Connection connection = DriverManager.getConnection(url(path));
		try (Statement statement = connection.createStatement()) {
			statement.execute("PRAGMA busy_timeout = 5000");
			statement.execute("PRAGMA journal_mode = WAL");
			statement.execute("PRAGMA synchronous = NORMAL");
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
		return connection;
	}

	@Override
	public String toString() {
		return "SqliteTraceWriter[" + this.path + "]";
	}

	private static void createParentDirectory(Path path) throws IOException {
		Path parent = path.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
	}

	private static String url(Path path) {
		return "jdbc:sqlite:" + path.toAbsolutePath();
	}

	static String dateTime(Instant instant) {
		return DATE_TIME.format(instant);
	}

}
