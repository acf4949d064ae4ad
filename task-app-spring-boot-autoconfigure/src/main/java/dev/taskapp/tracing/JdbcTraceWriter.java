package dev.taskapp.tracing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Writes rollout traces to a database, one transaction per batch: the part the SQLite and the
 * PostgreSQL trace stores share. The schema is brought up to date with Flyway when the store is
 * first opened; a failed batch closes the connection, and the next batch opens it again.
 */
abstract class JdbcTraceWriter implements TraceBatchWriter {

	private final TraceStoreDialect dialect;

	private @Nullable Connection connection;

	JdbcTraceWriter(TraceStoreDialect dialect) {
		this.dialect = dialect;
	}

	/**
	 * Brings the schema up to date and opens a connection to the store.
	 * @return the connection, in auto-commit mode
	 * @throws Exception if the store cannot be opened or migrated
	 */
	abstract Connection open() throws Exception;

	@Override
	public void prepare() throws Exception {
		connection();
	}

	@Override
	public void write(List<RolloutTrace> batch) throws Exception {
		Connection connection = connection();
		try (TraceRows rows = new TraceRows(connection, this.dialect)) {
			for (RolloutTrace trace : batch) {
				rows.insert(trace);
			}
			connection.commit();
		}
		catch (SQLException | RuntimeException ex) {
			discard(connection);
			throw ex;
		}
	}

	private Connection connection() throws Exception {
		Connection current = this.connection;
		if (current != null) {
			return current;
		}
		Connection opened = open();
		try {
			opened.setAutoCommit(false);
		}
		catch (SQLException | RuntimeException ex) {
			discard(opened);
			throw ex;
		}
		this.connection = opened;
		return opened;
	}

	private void discard(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			// closed below
		}
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// nothing more to do
		}
		if (this.connection == connection) {
			this.connection = null;
		}
	}

	@Override
	public void close() throws SQLException {
		Connection current = this.connection;
		this.connection = null;
		if (current != null) {
			current.close();
		}
	}

}
