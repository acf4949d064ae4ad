package dev.taskapp.client;

/**
 * An answer of the Synth backend, read whole.
 *
 * @param method the HTTP method of the request
 * @param path the path of the request relative to the API base, such as
 * {@code /prompt-learning/online/jobs}
 * @param status the status code
 * @param body the body, empty when there was none
 */
record BackendResponse(String method, String path, int status, byte[] body) {

	boolean isSuccess() {
		return this.status >= 200 && this.status < 300;
	}

	/**
	 * Names the request, as in {@code POST /prompt-learning/online/jobs}.
	 * @return the method and path
	 */
	String request() {
		return this.method + " " + this.path;
	}

}
