package dev.taskapp.tunnel.synth;

import org.jspecify.annotations.Nullable;

/**
 * The lease API refused or failed a request. The message says what happened and what to do,
 * and never contains a secret.
 */
final class LeaseException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Kind kind;

	LeaseException(Kind kind, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	LeaseException(Kind kind, String message) {
		this(kind, message, null);
	}

	Kind getKind() {
		return this.kind;
	}

	/**
	 * Returns whether trying again later may succeed.
	 * @return {@code true} for server errors, timeouts and unreachable backends
	 */
	boolean isTransient() {
		return this.kind == Kind.SERVER_ERROR || this.kind == Kind.TIMEOUT || this.kind == Kind.UNREACHABLE;
	}

	/**
	 * What went wrong.
	 */
	enum Kind {

		/** 401 or 403: the Synth API key was rejected. */
		UNAUTHORIZED,

		/** Another 4xx. */
		REFUSED,

		/** A 5xx. */
		SERVER_ERROR,

		/** No answer in time. */
		TIMEOUT,

		/** The backend could not be reached. */
		UNREACHABLE,

		/** The lease came back without what the agent needs. */
		INVALID_RESPONSE,

		/** The lease came back without a public URL. */
		NO_PUBLIC_URL

	}

}
