package dev.taskapp.client.optimizers;

import dev.taskapp.client.SynthBackendException;
import org.jspecify.annotations.Nullable;

/**
 * A request of a {@link HostedOptimizerClient} failed: the backend rejected the Synth API key
 * (401), answered another error status, answered a body that could not be read, did not answer
 * in time, or a run did not end in time.
 * <p>
 * The message never contains the Synth API key or a container header value: text taken from
 * the backend is redacted before it is used.
 */
public class HostedOptimizerException extends SynthBackendException {

	private static final long serialVersionUID = 1L;

	HostedOptimizerException(String message, int status, @Nullable String serverMessage, boolean retryable,
			@Nullable Throwable cause) {
		super(message, status, serverMessage, retryable, cause);
	}

}
