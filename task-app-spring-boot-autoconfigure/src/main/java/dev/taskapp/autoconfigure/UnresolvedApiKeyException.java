package dev.taskapp.autoconfigure;

/**
 * Thrown at start-up when a task-app API key is still an unresolved {@code ${…}} placeholder,
 * such as {@code ${ENVIRONMENT_API_KEY}} with that variable unset: such a key is fixed and
 * guessable, so the task app refuses it rather than serving behind it.
 */
public class UnresolvedApiKeyException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String source;

	private final String placeholder;

	/**
	 * Creates an exception.
	 * @param source where the key came from, such as {@code task-app.api-key}
	 * @param placeholder the name inside the placeholder, such as {@code ENVIRONMENT_API_KEY}
	 */
	public UnresolvedApiKeyException(String source, String placeholder) {
		super(source + " is the unresolved placeholder ${" + placeholder + "}, which would make the API key"
				+ " the fixed text of the placeholder");
		this.source = source;
		this.placeholder = placeholder;
	}

	/**
	 * Returns where the key came from.
	 * @return the property or variable name
	 */
	public String getSource() {
		return this.source;
	}

	/**
	 * Returns the name inside the placeholder.
	 * @return the placeholder name
	 */
	public String getPlaceholder() {
		return this.placeholder;
	}

}
