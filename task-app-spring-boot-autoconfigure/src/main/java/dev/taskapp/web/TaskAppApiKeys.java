package dev.taskapp.web;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The API keys a task app accepts: its primary key and its aliases. When no key is configured
 * a random one is minted for the life of the application, so a task app is never open by
 * accident; in-process job submitters read it from here (or from {@code TaskAppUrl}).
 * <p>
 * {@link #toString()} never shows a key.
 */
public final class TaskAppApiKeys {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String primary;

	private final List<String> all;

	private final boolean minted;

	private TaskAppApiKeys(String primary, List<String> aliases, boolean minted) {
		Set<String> keys = new LinkedHashSet<>();
		keys.add(primary);
		for (String alias : aliases) {
			if (alias != null && !alias.isBlank()) {
				keys.add(alias.trim());
			}
		}
		this.primary = primary;
		this.all = List.copyOf(keys);
		this.minted = minted;
	}

	/**
	 * Returns the keys of the given configuration, minting a primary key when none is given.
	 * @param primary the configured primary key, or {@code null}/blank when none is
	 * @param aliases further accepted keys; blank entries are ignored
	 * @return the keys
	 */
	public static TaskAppApiKeys of(@Nullable String primary, List<String> aliases) {
		if (primary == null || primary.isBlank()) {
			return new TaskAppApiKeys(mint(), aliases, true);
		}
		return new TaskAppApiKeys(primary.trim(), aliases, false);
	}

	/**
	 * Returns a new random key: {@code env_} followed by 32 URL-safe characters.
	 * @return the key
	 */
	public static String mint() {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		return "env_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * Returns the primary key: the one job submitters send.
	 * @return the primary key
	 */
	public String primary() {
		return this.primary;
	}

	/**
	 * Returns the aliases: every accepted key but the primary one.
	 * @return the aliases
	 */
	public List<String> aliases() {
		return this.all.subList(1, this.all.size());
	}

	/**
	 * Returns every accepted key, the primary one first.
	 * @return the keys
	 */
	public List<String> all() {
		return new ArrayList<>(this.all);
	}

	/**
	 * Returns whether the primary key was minted at start-up because none was configured.
	 * @return whether the key was minted
	 */
	public boolean minted() {
		return this.minted;
	}

	@Override
	public String toString() {
		return "TaskAppApiKeys[count=" + this.all.size() + ", minted=" + this.minted + "]";
	}

}
