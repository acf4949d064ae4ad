package com.example.mytask;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's {@code InProcessTaskApp} example starts, passes the health check and stops.
 */
@ExtendWith(OutputCaptureExtension.class)
class InProcessExampleTests {

	@Test
	void theInProcessExampleStartsAHealthyTaskAppInLocalMode(CapturedOutput output) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		assertThat(InProcessExample.run(port)).isTrue();
		assertThat(output).contains("Task app at http://127.0.0.1:" + port + " is healthy");
	}

}
