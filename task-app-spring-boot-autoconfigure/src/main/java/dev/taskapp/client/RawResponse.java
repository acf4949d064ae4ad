package dev.taskapp.client;

/**
 * An HTTP answer of a task app, read whole.
 *
 * @param request the request answered
 * @param status the status code
 * @param body the body, empty when there was none
 */
record RawResponse(TaskAppRequest request, int status, byte[] body) {

	boolean isSuccess() {
		return this.status >= 200 && this.status < 300;
	}

}
