package dev.taskapp.inprocess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.taskapp.inprocess.PortHolders.Holder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PortHolders} reading a {@code /proc} tree written by the test: listening sockets of
 * both tables, matched by inode with the processes' descriptors.
 */
@EnabledOnOs(OS.LINUX)
class PortHoldersTests {

	private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
			+ "   uid  timeout inode\n";

	@TempDir
	Path proc;

	@Test
	void listenersOfBothTablesAreFoundByInodeWithTheirCommandLines() throws IOException {
		// 8114 = 0x1FB2; 0A = LISTEN, 01 = ESTABLISHED
		table("tcp", "   0: 0100007F:1FB2 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1",
				"   1: 0100007F:1FB2 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000        0 222 1",
				"   2: 0100007F:1FB3 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 333 1");
		table("tcp6", "   0: 00000000000000000000000000000000:1FB2 00000000000000000000000000000000:0000 0A"
				+ " 00000000:00000000 00:00000000 00000000  1000        0 444 1");
		process(41, "socket:[111]", "java", "-jar", "other.jar");
		process(42, "socket:[222]", "curl", "http://127.0.0.1:8114");
		process(43, "socket:[444]", "python3", "server.py", "--token", "tok_secret", "API_KEY=sk_secret");
		process(44, "socket:[333]", "nginx");
		assertThat(new PortHolders(this.proc).find(8114)).containsExactly(new Holder(41, "java -jar other.jar"),
				new Holder(43, "python3 server.py --token ****** API_KEY=******"));
		assertThat(new PortHolders(this.proc).describe(8114)).isEqualTo("It is held by pid 41 (java -jar other.jar),"
				+ " pid 43 (python3 server.py --token ****** API_KEY=******). To free the port, stop it yourself (it is"
				+ " never killed for you): kill 41 43.");
	}

	@Test
	void aPortNobodyVisibleHoldsNamesTheCommandThatFindsTheHolder() throws IOException {
		table("tcp", "   0: 0100007F:1FB2 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1");
		assertThat(new PortHolders(this.proc).find(8114)).isEmpty();
		assertThat(new PortHolders(this.proc).describe(8114)).contains("could not be identified", "lsof -ti:8114",
				"never killed");
	}

	@Test
	void withoutProcNothingIsFound() {
		assertThat(new PortHolders(this.proc.resolve("absent")).find(8114)).isEmpty();
	}

	private void table(String name, String... rows) throws IOException {
		Files.createDirectories(this.proc.resolve("net"));
		Files.writeString(this.proc.resolve("net").resolve(name), TCP_HEADER + String.join("\n", rows) + "\n",
				StandardCharsets.US_ASCII);
	}

	private void process(long pid, String socket, String... commandLine) throws IOException {
		Path directory = Files.createDirectories(this.proc.resolve(Long.toString(pid)).resolve("fd"));
		Files.createSymbolicLink(directory.resolve("0"), Path.of("/dev/null"));
		Files.createSymbolicLink(directory.resolve("3"), Path.of(socket));
		Files.write(directory.getParent().resolve("cmdline"),
				(String.join("\0", commandLine) + "\0").getBytes(StandardCharsets.UTF_8));
	}

}
