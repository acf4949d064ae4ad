package dev.taskapp.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.contract.TaskAppInfo;

/**
 * The bodies of the routes whose answer never changes while the app runs, written once.
 *
 * @param root the body of {@code GET /}
 * @param health the body of {@code GET /health}
 * @param info the body of {@code GET /info}
 * @param done the body of {@code POST /done}
 */
record FixedBodies(byte[] root, byte[] health, byte[] info, byte[] done) {

	static FixedBodies of(TaskAppConfig config, TaskAppApiKeys keys, TaskAppRouteSettings settings) {
		return new FixedBodies(ErrorBodies.write(ordered("status", "ok", "service", config.appId())),
				ErrorBodies.write(ordered("healthy", true, "auth",
						ordered("required", settings.authEnabled(), "expected_prefix", expectedPrefix(keys, settings)))),
				ErrorBodies.write(TaskAppInfo.of(config.baseTaskInfo(), config.rubrics())),
				ErrorBodies.write(ordered("ok", true, "service", config.appId())));
	}

	/**
	 * The reference shows the first six characters of the key; a short key shows at most a
	 * quarter of itself so the hint never gives most of a key away.
	 */
	private static String expectedPrefix(TaskAppApiKeys keys, TaskAppRouteSettings settings) {
		if (!settings.authEnabled()) {
			return "<unset>";
		}
		String primary = keys.primary();
		int shown = Math.min(6, primary.length() / 4);
		return primary.substring(0, shown) + "...";
	}

	private static Map<String, Object> ordered(String key1, Object value1, String key2, Object value2) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put(key1, value1);
		map.put(key2, value2);
		return map;
	}

}
