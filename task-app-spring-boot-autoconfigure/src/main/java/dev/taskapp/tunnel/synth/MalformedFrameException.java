package dev.taskapp.tunnel.synth;

/**
 * A relay frame that cannot be read. Its message says why, never what the frame held.
 */
final class MalformedFrameException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	MalformedFrameException(String message) {
		super(message, null, false, false);
	}

}
