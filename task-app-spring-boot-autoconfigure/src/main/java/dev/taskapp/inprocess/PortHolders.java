package dev.taskapp.inprocess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Finds which processes listen on a TCP port, where the operating system lets us read it: on
 * Linux, the listening sockets of {@code /proc/net/tcp} and {@code /proc/net/tcp6} are matched
 * by inode with the {@code socket:[inode]} descriptors of {@code /proc/<pid>/fd}, which a user
 * can read for their own processes only. Nothing is ever killed; the description names the
 * command that would free the port.
 */
final class PortHolders {

	private static final String LISTEN = "0A";

	private static final int MAX_COMMAND_LINE = 300;

	private static final int MAX_ARGUMENT = 60;

	private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(token|key|secret|password|passwd|credential).*");

	private final Path proc;

	PortHolders() {
		this(Path.of("/proc"));
	}

	PortHolders(Path proc) {
		this.proc = proc;
	}

	/**
	 * Returns the processes this user can see listening on the port.
	 * @param port the port
	 * @return the holders, by pid; empty when none is visible or the OS has no {@code /proc}
	 */
	List<Holder> find(int port) {
		Set<String> inodes = new HashSet<>();
		inodes.addAll(listeningInodes(this.proc.resolve("net/tcp"), port));
		inodes.addAll(listeningInodes(this.proc.resolve("net/tcp6"), port));
		inodes.remove("0");
		if (inodes.isEmpty()) {
			return List.of();
		}
		List<Holder> holders = new ArrayList<>();
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(this.proc, "[0-9]*")) {
			for (Path process : processes) {
				if (holdsAny(process.resolve("fd"), inodes)) {
					long pid = Long.parseLong(process.getFileName().toString());
					holders.add(new Holder(pid, commandLine(process)));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			return holders;
		}
		holders.sort((a, b) -> Long.compare(a.pid(), b.pid()));
		return holders;
	}

	/**
	 * Describes who holds the port, and how to free it, for an error message.
	 * @param port the busy port
	 * @return one or more sentences
	 */
	String describe(int port) {
		List<Holder> holders = find(port);
		if (holders.isEmpty()) {
			return "The process that holds it could not be identified (it may belong to another user); find it with"
					+ " 'lsof -ti:" + port + "' and free the port yourself: it is never killed for you.";
		}
		StringBuilder text = new StringBuilder("It is held by ");
		List<String> pids = new ArrayList<>();
		for (int i = 0; i < holders.size(); i++) {
			Holder holder = holders.get(i);
			text.append((i > 0) ? ", " : "").append("pid ").append(holder.pid());
			if (!holder.commandLine().isEmpty()) {
				text.append(" (").append(holder.commandLine()).append(')');
			}
			pids.add(Long.toString(holder.pid()));
		}
		return text.append(". To free the port, stop it yourself (it is never killed for you): kill ")
			.append(String.join(" ", pids))
			.append('.')
			.toString();
	}

	private static Set<String> listeningInodes(Path table, int port) {
		Set<String> inodes = new HashSet<>();
		String hexPort = String.format(Locale.ROOT, "%04X", port);
		List<String> lines;
		try {
			lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			return inodes;
		}
		for (String line : lines) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length < 10 || !fields[0].endsWith(":")) {
				continue;
			}
			String local = fields[1];
			int colon = local.lastIndexOf(':');
			if (colon > 0 && local.substring(colon + 1).equalsIgnoreCase(hexPort) && LISTEN.equals(fields[3])) {
				inodes.add(fields[9]);
			}
		}
		return inodes;
	}

	private static boolean holdsAny(Path fds, Set<String> inodes) {
		try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(fds)) {
			for (Path descriptor : descriptors) {
				String target = readLink(descriptor);
				if (target != null && target.startsWith("socket:[") && target.endsWith("]")
						&& inodes.contains(target.substring("socket:[".length(), target.length() - 1))) {
					return true;
				}
			}
		}
		catch (IOException | SecurityException ex) {
			// Another user's process, or gone: not visible.
		}
		return false;
	}

	private static @Nullable String readLink(Path descriptor) {
		try {
			return Files.readSymbolicLink(descriptor).toString();
		}
		catch (IOException | UnsupportedOperationException ex) {
			return null;
		}
	}

	private static String commandLine(Path process) {
		try {
			String raw = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
			String text = String.join(" ", masked(raw.split("\0")).stream().map(PortHolders::shortened).toList())
				.strip();
			return (text.length() > MAX_COMMAND_LINE) ? text.substring(0, MAX_COMMAND_LINE) + "..." : text;
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String shortened(String argument) {
		return (argument.length() > MAX_ARGUMENT) ? argument.substring(0, MAX_ARGUMENT - 3) + "..." : argument;
	}

	/**
	 * Returns the arguments with the values of options that look like secrets
	 * ({@code --token x}, {@code --api-key=x}, {@code SECRET=x}) replaced by {@code ******}.
	 * @param arguments the arguments
	 * @return the arguments to show
	 */
	static List<String> masked(String[] arguments) {
		List<String> shown = new ArrayList<>();
		boolean secretFollows = false;
		for (String argument : arguments) {
			int equals = argument.indexOf('=');
			if (secretFollows) {
				shown.add("******");
				secretFollows = false;
			}
			else if (equals > 0 && SECRET_NAME.matcher(argument.substring(0, equals)).matches()) {
				shown.add(argument.substring(0, equals + 1) + "******");
			}
			else {
				shown.add(argument);
				secretFollows = argument.startsWith("-") && equals < 0 && SECRET_NAME.matcher(argument).matches();
			}
		}
		return shown;
	}

	/**
	 * A process listening on the port.
	 *
	 * @param pid its pid
	 * @param commandLine its command line, arguments separated by spaces; empty when unreadable
	 */
	record Holder(long pid, String commandLine) {

	}

}
