package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The directory of the Cloudflare backends' files: the empty configuration file every
 * cloudflared is started with (so that {@code ~/.cloudflared/config.yml} is never read) and
 * one pidfile per running cloudflared. Created readable by its owner only; a pidfile that
 * another user wrote is never acted upon. When the directory cannot be used, pidfiles are off
 * and the configuration file is a temporary file.
 */
final class CloudflaredWorkDirectory {

	static final String PIDFILE_PREFIX = "cloudflared-";

	static final String PIDFILE_SUFFIX = ".pid";

	private static final String EMPTY_CONFIG = "# Written by the task-app starter: cloudflared reads no other"
			+ " configuration file.\n{}\n";

	private static final Log logger = LogFactory.getLog(CloudflaredWorkDirectory.class);

	private final Path directory;

	private final Path emptyConfig;

	private final @Nullable UserPrincipal owner;

	private CloudflaredWorkDirectory(Path directory, Path emptyConfig, @Nullable UserPrincipal owner) {
		this.directory = directory;
		this.emptyConfig = emptyConfig;
		this.owner = owner;
	}

	/**
	 * Creates the directory if needed and writes the empty configuration file.
	 * @param directory the directory
	 * @return the work directory
	 * @throws IOException if not even a temporary configuration file can be written
	 */
	static CloudflaredWorkDirectory prepare(Path directory) throws IOException {
		try {
			createPrivateDirectory(directory);
			Path config = directory.resolve("empty-config.yml");
			writeAtomically(config, EMPTY_CONFIG);
			return new CloudflaredWorkDirectory(directory, config, Files.getOwner(config));
		}
		catch (IOException | UnsupportedOperationException | SecurityException ex) {
			logger.warn("Cannot use " + directory + " for cloudflared's pidfiles (" + ex + "): a cloudflared left"
					+ " behind by a JVM that was killed will not be stopped by the next start");
			Path config = Files.createTempFile("task-app-cloudflared-", ".yml");
			Files.writeString(config, EMPTY_CONFIG, StandardCharsets.UTF_8);
			config.toFile().deleteOnExit();
			return new CloudflaredWorkDirectory(directory, config, null);
		}
	}

	private static void createPrivateDirectory(Path directory) throws IOException {
		if (Files.isDirectory(directory)) {
			return;
		}
		try {
			if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
				Files.createDirectories(directory,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			else {
				Files.createDirectories(directory);
			}
		}
		catch (FileAlreadyExistsException ex) {
			if (!Files.isDirectory(directory)) {
				throw ex;
			}
		}
	}

	private static void writeAtomically(Path file, String text) throws IOException {
		Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
		try {
			Files.writeString(temporary, text, StandardCharsets.UTF_8);
			try {
				Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * Returns the empty configuration file to pass as {@code --config}.
	 * @return the file
	 */
	Path emptyConfig() {
		return this.emptyConfig;
	}

	/**
	 * Returns the directory.
	 * @return the directory
	 */
	Path directory() {
		return this.directory;
	}

	/**
	 * Records a started cloudflared.
	 * @param pidfile what to record
	 * @return the pidfile written, or {@code null} if pidfiles are off or it could not be
	 * written (which is logged)
	 */
	@Nullable Path write(CloudflaredPidfile pidfile) {
		if (this.owner == null) {
			return null;
		}
		Path file = this.directory.resolve(PIDFILE_PREFIX + pidfile.pid() + PIDFILE_SUFFIX);
		try {
			writeAtomically(file, pidfile.format());
			return file;
		}
		catch (IOException ex) {
			logger.warn("Could not write the pidfile " + file + " (" + ex + ")");
			return null;
		}
	}

	/**
	 * Returns the pidfiles this user wrote.
	 * @return the pidfiles
	 */
	List<Path> pidfiles() {
		List<Path> pidfiles = new ArrayList<>();
		if (this.owner == null) {
			return pidfiles;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory,
				PIDFILE_PREFIX + "*" + PIDFILE_SUFFIX)) {
			for (Path file : files) {
				if (Files.isRegularFile(file) && this.owner.equals(Files.getOwner(file))) {
					pidfiles.add(file);
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Could not list the pidfiles of " + this.directory, ex);
		}
		return pidfiles;
	}

}
