package dev.taskapp.tunnel.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClientInstanceId}: kept across runs the way the Synth SDK keeps it.
 */
class ClientInstanceIdTests {

	@TempDir
	Path home;

	@Test
	void storedIdIsReused() throws IOException {
		Path file = this.home.resolve("client_instance_id");
		Files.writeString(file, "  client-from-python \n");
		assertThat(ClientInstanceId.resolve(file)).isEqualTo("client-from-python");
	}

	@Test
	void missingIdIsCreatedAndStored() throws IOException {
		Path file = this.home.resolve(".synth").resolve("client_instance_id");
		String id = ClientInstanceId.resolve(file);
		assertThat(id).matches("client-[0-9a-f]{16}");
		assertThat(Files.readString(file)).isEqualTo(id);
		assertThat(ClientInstanceId.resolve(file)).isEqualTo(id);
	}

	@Test
	void tooShortIdIsReplaced() throws IOException {
		Path file = this.home.resolve("client_instance_id");
		Files.writeString(file, "short");
		assertThat(ClientInstanceId.resolve(file)).matches("client-[0-9a-f]{16}");
	}

	@Test
	void unwritableLocationGivesASessionId() throws IOException {
		Path blocker = this.home.resolve("not-a-directory");
		Files.writeString(blocker, "x");
		assertThat(ClientInstanceId.resolve(blocker.resolve("client_instance_id"))).matches("session-[0-9a-f]{16}");
	}

}
