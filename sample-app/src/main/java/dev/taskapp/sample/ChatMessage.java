package dev.taskapp.sample;

/**
 * One message of a chat-completions request.
 *
 * @param role who speaks: {@code system}, {@code user} or {@code assistant}
 * @param content what is said
 */
public record ChatMessage(String role, String content) {

	/**
	 * Returns a system message.
	 * @param content the content
	 * @return the message
	 */
	public static ChatMessage system(String content) {
		return new ChatMessage("system", content);
	}

	/**
	 * Returns a user message.
	 * @param content the content
	 * @return the message
	 */
	public static ChatMessage user(String content) {
		return new ChatMessage("user", content);
	}

}
