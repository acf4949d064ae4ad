package dev.taskapp.client;

/**
 * What a {@link TaskAppClient} asked for, as named in messages.
 *
 * @param method the HTTP method
 * @param path the path relative to the base URL, such as {@code /task_info}
 * @param query the query string without {@code '?'}, empty when there is none
 */
record TaskAppRequest(String method, String path, String query) {

	static TaskAppRequest get(String path) {
		return new TaskAppRequest("GET", path, "");
	}

	/**
	 * Returns the path and query, as sent after the base URL.
	 * @return the target, such as {@code /task_info?seed=1}
	 */
	String target() {
		return this.query.isEmpty() ? this.path : this.path + "?" + this.query;
	}

	@Override
	public String toString() {
		return this.method + " " + target();
	}

}
