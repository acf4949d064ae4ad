package dev.taskapp.web;

/**
 * Shares the string values that recur from one rollout request to the next: an optimiser sends
 * the same prompt sections, roles, model, split and policy names with every seed of a
 * candidate, and each rollout holds its request until it is answered. A string read again is
 * replaced by the one kept from an earlier request, so the copy just read is dropped at once.
 * <p>
 * A fixed table of the strings seen last, by hash; a string whose slot holds another one takes
 * it over. Thread-safe without locks: strings are immutable, and a lost update only costs a
 * duplicate.
 */
final class RepeatedStrings {

	/** Slots of the table; a power of two. */
	static final int SLOTS = 1024;

	/** Longest string shared; longer ones are rarely repeated and costly to compare. */
	static final int MAX_LENGTH = 512;

	private final String[] strings = new String[SLOTS];

	/**
	 * Returns the given string, or an equal one read before.
	 * @param text the string just read
	 * @return an equal string
	 */
	String share(String text) {
		int length = text.length();
		if (length == 0 || length > MAX_LENGTH) {
			return text;
		}
		int hash = text.hashCode();
		int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
		String kept = this.strings[slot];
		if (kept != null && kept.hashCode() == hash && kept.equals(text)) {
			return kept;
		}
		this.strings[slot] = text;
		return text;
	}

}
