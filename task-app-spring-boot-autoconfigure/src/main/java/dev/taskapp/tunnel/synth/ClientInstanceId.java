package dev.taskapp.tunnel.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The id that tells the Synth backend which machine asks for a lease, kept in a file (by
 * default {@code $HOME/.synth/client_instance_id}) the way the Synth SDK keeps it, so that the
 * Python and JVM agents of one machine share it: a stored value of at least eight characters is
 * used as is, otherwise {@code client-<16 hex>} is created and stored; when the file cannot be
 * written, a {@code session-<16 hex>} id lives for this run only.
 */
final class ClientInstanceId {

	private static final Log logger = LogFactory.getLog(ClientInstanceId.class);

	private static final int MIN_LENGTH = 8;

	private static final SecureRandom random = new SecureRandom();

	private ClientInstanceId() {
	}

	/**
	 * Returns the id stored in the file, creating it if needed.
	 * @param file the file that keeps the id
	 * @return the id
	 */
	static String resolve(Path file) {
		try {
			if (Files.isRegularFile(file)) {
				String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
				if (stored.length() >= MIN_LENGTH) {
					return stored;
				}
			}
			String created = "client-" + randomHex();
			Path parent = file.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			Files.writeString(file, created, StandardCharsets.UTF_8);
			return created;
		}
		catch (IOException | RuntimeException ex) {
			String fallback = "session-" + randomHex();
			logger.warn("Could not keep the SynthTunnel client instance id in " + file + " (" + ex + "); using "
					+ fallback + " for this run");
			return fallback;
		}
	}

	private static String randomHex() {
		byte[] bytes = new byte[8];
		random.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
