package dev.taskapp.tunnel;

import java.util.List;

/**
 * Test helper that makes a {@link TaskAppUrl} whose public URL is ready, as the tunnel
 * lifecycle leaves it.
 */
public final class ReadyTaskAppUrl {

	private ReadyTaskAppUrl() {
	}

	/**
	 * Returns a ready URL holder.
	 * @param url the public URL
	 * @param apiKey the task app's key
	 * @return the holder
	 */
	public static TaskAppUrl of(String url, String apiKey) {
		TaskAppUrl taskAppUrl = new TaskAppUrl(List.of(apiKey));
		taskAppUrl.opening(TunnelMode.PRECONFIGURED, "http://127.0.0.1:8080");
		taskAppUrl.ready(url, null);
		return taskAppUrl;
	}

}
