package dev.taskapp.tunnel.synth;

/**
 * A local response grew beyond the lease's {@code max_response_bytes}.
 */
final class ResponseTooLargeException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	ResponseTooLargeException(long limit) {
		super("Response too large (over " + limit + " bytes)", null, false, false);
	}

}
