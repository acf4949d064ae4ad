package dev.taskapp.tracing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests of the PostgreSQL trace store use: the one
 * {@code TASK_APP_TEST_POSTGRES_URL} (with {@code _USER} and {@code _PASSWORD}) names, which
 * {@code .ci/run} starts. Without one, a test fails in CI ({@code CI=true}) and is skipped
 * elsewhere, with the reason. Every test gets a database of its own.
 */
public final class TestPostgres {

	/** The variable that holds the server's JDBC URL. */
	public static final String URL_VARIABLE = "TASK_APP_TEST_POSTGRES_URL";

	private final String url;

	private final String user;

	private final String password;

	private TestPostgres(String url, String user, String password) {
		this.url = url;
		this.user = user;
		this.password = password;
	}

	/**
	 * Returns the test server, failing (in CI) or skipping the test when there is none.
	 * @return the server
	 */
	public static TestPostgres require() {
		String url = System.getenv(URL_VARIABLE);
		if (url == null || url.isBlank()) {
			String reason = "No PostgreSQL server for this test: " + URL_VARIABLE + " is not set. Run .ci/run, or"
					+ " start one with 'eval \"$(.ci/postgres start /tmp/pg)\"' (Debian package postgresql)";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(reason);
			}
			Assumptions.abort(reason);
		}
		return new TestPostgres(url, variable("_USER", "postgres"), variable("_PASSWORD", ""));
	}

	private static String variable(String suffix, String fallback) {
		String value = System.getenv(URL_VARIABLE.replace("_URL", suffix));
		return (value != null) ? value : fallback;
	}

	/**
	 * Creates an empty database.
	 * @return its JDBC URL
	 * @throws SQLException if it cannot be created
	 */
	public String createDatabase() throws SQLException {
		String name = "t_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
		try (Connection connection = connect(this.url); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		return this.url.substring(0, this.url.lastIndexOf('/') + 1) + name;
	}

	/**
	 * Opens a connection to a database of the server.
	 * @param databaseUrl the database's JDBC URL
	 * @return the connection
	 * @throws SQLException if it cannot be opened
	 */
	public Connection connect(String databaseUrl) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.user);
		properties.setProperty("password", this.password);
		return DriverManager.getConnection(databaseUrl, properties);
	}

	/**
	 * Returns the user name.
	 * @return the user
	 */
	public String user() {
		return this.user;
	}

	/**
	 * Returns the password.
	 * @return the password
	 */
	public String password() {
		return this.password;
	}

}
