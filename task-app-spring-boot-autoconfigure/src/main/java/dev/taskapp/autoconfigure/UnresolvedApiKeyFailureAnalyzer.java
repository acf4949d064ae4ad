package dev.taskapp.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an API key left as an unresolved placeholder, and how to set one.
 */
class UnresolvedApiKeyFailureAnalyzer extends AbstractFailureAnalyzer<UnresolvedApiKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnresolvedApiKeyException cause) {
		String description = "The task app refused its API key: " + cause.getMessage() + ".";
		String action = "Set the " + cause.getPlaceholder() + " environment variable to a key of at least "
				+ ApiKeyResolver.MIN_KEY_LENGTH + " characters, or give the placeholder an empty default (${"
				+ cause.getPlaceholder() + ":}) or remove " + cause.getSource()
				+ " to have a random key minted at start-up (read it from the TaskAppApiKeys or TaskAppUrl bean).";
		return new FailureAnalysis(description, action, cause);
	}

}
