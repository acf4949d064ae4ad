package dev.taskapp.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * The Swagger UI of the {@code org.webjars:swagger-ui} web jar, when it is on the class path:
 * its assets and a page that points it at the OpenAPI document.
 */
public final class SwaggerUi {

	/** The properties file by which the web jar is found, and its version read. */
	public static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

	/** The route of the page, under the base path. */
	public static final String PAGE_ROUTE = "/docs";

	private final String version;

	private final ClassLoader classLoader;

	private SwaggerUi(String version, ClassLoader classLoader) {
		this.version = version;
		this.classLoader = classLoader;
	}

	/**
	 * Finds the web jar.
	 * @param classLoader the class loader to look in
	 * @return the Swagger UI, or {@code null} if the web jar is not on the class path
	 */
	public static @Nullable SwaggerUi find(ClassLoader classLoader) {
		try (InputStream in = classLoader.getResourceAsStream(WEBJAR_PROPERTIES)) {
			if (in == null) {
				return null;
			}
			Properties properties = new Properties();
			properties.load(in);
			String version = properties.getProperty("version");
			return (version != null) ? new SwaggerUi(version, classLoader) : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Reading " + WEBJAR_PROPERTIES + " failed", ex);
		}
	}

	/**
	 * Returns the version of the web jar.
	 * @return the version, such as {@code 5.35.0}
	 */
	public String version() {
		return this.version;
	}

	Resource assets() {
		return new ClassPathResource("META-INF/resources/webjars/swagger-ui/" + this.version + "/", this.classLoader);
	}

	/**
	 * The page loads the assets and the document by relative URLs, so that it works under any
	 * base path and behind a tunnel that adds a prefix.
	 */
	byte[] page() {
		String html = """
				<!DOCTYPE html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<title>Task app API</title>
				<link rel="stylesheet" href="docs/swagger-ui.css">
				</head>
				<body>
				<div id="swagger-ui"></div>
				<script src="docs/swagger-ui-bundle.js"></script>
				<script>
				window.ui = SwaggerUIBundle({ url: "openapi.json", dom_id: "#swagger-ui" });
				</script>
				</body>
				</html>
				""";
		return html.getBytes(StandardCharsets.UTF_8);
	}

}
