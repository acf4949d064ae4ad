package dev.taskapp.inprocess;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a task app leaves running, measured rather than assumed: threads of Netty event loops,
 * of the tunnel and of its HTTP probes, child processes, and bound ports. A snapshot taken
 * before a start is compared with the JVM after the close.
 */
final class Leftovers {

	/**
	 * Threads a task app may start: Netty event loops, the tunnel's workers and process
	 * drainers, and the JDK HTTP clients that talk to cloudflared. Reactor Netty's global
	 * {@code reactor-http-*} loops are not among them: the server runs on loops of its own,
	 * and the global ones serve every HTTP client of the JVM, the tests' included.
	 */
	static final Pattern TASK_APP_THREAD = Pattern.compile("(?i)(?!reactor-http-)"
			+ ".*(-nio-|-epoll-|-kqueue-|-io_uring-|task-app|tunnel|cloudflared|synth|HttpClient-).*");

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final Set<Thread> threads;

	private final Set<Long> processes;

	private Leftovers(Set<Thread> threads, Set<Long> processes) {
		this.threads = threads;
		this.processes = processes;
	}

	/**
	 * Takes a snapshot of the live threads and child processes.
	 * @return the snapshot
	 */
	static Leftovers snapshot() {
		return new Leftovers(Set.copyOf(Thread.getAllStackTraces().keySet()), childProcesses());
	}

	/**
	 * Asserts that every task-app thread and child process started since the snapshot ends,
	 * and that the port can be bound again.
	 * @param port the port the task app listened on
	 */
	void assertNothingLeftBehind(int port) {
		assertNoThreadOrProcessLeftBehind();
		await("port " + port + " to be free").atMost(TIMEOUT).pollInSameThread().until(() -> canBind(port));
	}

	/**
	 * Asserts that every task-app thread and child process started since the snapshot ends.
	 */
	void assertNoThreadOrProcessLeftBehind() {
		await("task-app threads started since the snapshot to end").atMost(TIMEOUT)
			.pollInSameThread()
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> {
				// The JDK HTTP client of a health probe ends its selector thread once collected.
				System.gc();
				assertThat(newTaskAppThreads()).isEmpty();
			});
		await("child processes started since the snapshot to end").atMost(TIMEOUT)
			.pollInSameThread()
			.untilAsserted(() -> assertThat(childProcesses()).isSubsetOf(this.processes));
	}

	/**
	 * Returns the names of the live task-app threads that were not there at the snapshot.
	 * @return the thread names
	 */
	List<String> newTaskAppThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> !this.threads.contains(thread))
			.map(Thread::getName)
			.filter((name) -> TASK_APP_THREAD.matcher(name).matches())
			.sorted()
			.toList();
	}

	private static Set<Long> childProcesses() {
		return ProcessHandle.current()
			.descendants()
			.filter(ProcessHandle::isAlive)
			.map(ProcessHandle::pid)
			.collect(Collectors.toSet());
	}

	/**
	 * Returns whether a server socket can be bound to the port on the loopback address.
	 * @param port the port
	 * @return whether it is free
	 */
	static boolean canBind(int port) {
		return canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
	}

	/**
	 * Returns whether a server socket can be bound to the address.
	 * @param address the address and port
	 * @return whether it is free
	 */
	static boolean canBind(InetSocketAddress address) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(address);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Returns a port that is free on the loopback address now.
	 * @return the port
	 */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port", ex);
		}
	}

}
