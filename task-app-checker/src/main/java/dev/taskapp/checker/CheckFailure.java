package dev.taskapp.checker;

/**
 * A check saw an answer its contract does not allow.
 */
final class CheckFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	CheckFailure(String message) {
		super(message, null, false, false);
	}

}
