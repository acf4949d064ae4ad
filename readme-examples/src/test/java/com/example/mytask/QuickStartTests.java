package com.example.mytask;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Quick-start application, started as the README says (its {@code application.yml},
 * local mode), answers the README's curl commands, with a stub model in place of OpenAI.
 */
class QuickStartTests {

	private static final String KEY = "my-local-key-0123456789";

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static WireMockServer model;

	@BeforeAll
	static void startModel() {
		model = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		model.start();
		model.stubFor(post(urlEqualTo("/v1/chat/completions?cid=trace_run1")).willReturn(okJson("""
				{"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-mini",
				 "choices": [{"index": 0, "finish_reason": "stop",
				              "message": {"role": "assistant", "content": "Paris"}}]}""")));
	}

	@AfterAll
	static void stopModel() {
		model.stop();
	}

	@Test
	void theQuickStartAppAnswersEveryCurlCommandOfTheReadme() throws Exception {
		try (ConfigurableApplicationContext app = start("ENVIRONMENT_API_KEY=" + KEY)) {
			String base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
			Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
			for (HttpRequest request : curlCommands(base)) {
				answers.put(request.method() + " " + request.uri().getRawPath()
						+ (request.uri().getRawQuery() != null ? "?" + request.uri().getRawQuery() : ""),
						http.send(request, HttpResponse.BodyHandlers.ofString()));
			}
			assertThat(answers).allSatisfy((route, answer) -> assertThat(answer.statusCode()).as(route).isEqualTo(200));
			assertThat(answers.get("GET /").body()).isEqualTo("{\"status\":\"ok\",\"service\":\"capitals\"}");
			assertThat(answers.get("GET /health").body()).contains("\"healthy\":true");
			assertThat(answers.get("GET /info").body()).contains("\"splits\":[\"train\",\"test\"]");
			assertThat(answers.get("GET /task_info").body()).contains("\"taskset\"");
			assertThat(answers.get("GET /task_info?seed=0&seed=1").body()).contains("\"country\":\"France\"")
				.contains("\"country\":\"Japan\"");
			assertThat(answers.get("POST /rollout").body()).contains("\"run_id\":\"run-1\"")
				.contains("\"mean_return\":1.0")
				.contains("\"trace_correlation_id\":\"trace_run1\"");
			assertThat(answers.get("POST /done").body()).isEqualTo("{\"ok\":true,\"service\":\"capitals\"}");
			model.verify(postRequestedFor(urlEqualTo("/v1/chat/completions?cid=trace_run1")));
		}
	}

	@Test
	void withoutEnvironmentApiKeyTheKeyIsMintedAndNeverThePlaceholderText() throws Exception {
		try (ConfigurableApplicationContext app = start()) {
			String base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
			for (String guess : List.of("${ENVIRONMENT_API_KEY}", "${ENVIRONMENT_API_KEY:}", "")) {
				HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
					.header("X-API-Key", guess)
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(answer.statusCode()).as(guess).isEqualTo(401);
			}
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(MyTaskApplication.class).properties(all.toArray(String[]::new)).run();
	}

	/**
	 * Reads the README's curl commands and turns them into requests to the given app, with
	 * the stub model in place of OpenAI.
	 */
	private static List<HttpRequest> curlCommands(String base) throws IOException {
		List<String> commands = new ArrayList<>();
		StringBuilder pending = new StringBuilder();
		for (String line : Files.readAllLines(Path.of("src/test/resources/curl-examples.sh"))) {
			if (line.startsWith("#")) {
				continue;
			}
			pending.append(pending.isEmpty() ? "" : "\n").append(line);
			if (pending.chars().filter((c) -> c == '\'').count() % 2 == 0) {
				commands.add(pending.toString());
				pending.setLength(0);
			}
		}
		List<HttpRequest> requests = new ArrayList<>();
		for (String command : commands) {
			requests.add(request(command.replace("$ENVIRONMENT_API_KEY", KEY)
				.replace("http://127.0.0.1:8001", base)
				.replace("https://api.openai.com", "http://127.0.0.1:" + model.port())));
		}
		return requests;
	}

	private static HttpRequest request(String command) {
		Matcher token = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(command);
		List<String> tokens = new ArrayList<>();
		while (token.find()) {
			tokens.add(token.group(1) != null ? token.group(1) : token.group(2) != null ? token.group(2) : token.group(3));
		}
		assertThat(tokens.get(0)).isEqualTo("curl");
		HttpRequest.Builder request = HttpRequest.newBuilder().timeout(Duration.ofSeconds(30));
		String method = "GET";
		HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
		for (int i = 1; i < tokens.size(); i++) {
			switch (tokens.get(i)) {
				case "-s" -> {
				}
				case "-X" -> method = tokens.get(++i);
				case "-H" -> {
					String[] header = tokens.get(++i).split(": ", 2);
					request.header(header[0], header[1]);
				}
				case "-d" -> {
					method = "POST";
					body = HttpRequest.BodyPublishers.ofString(tokens.get(++i));
				}
				default -> request.uri(URI.create(tokens.get(i)));
			}
		}
		return request.method(method, body).build();
	}

}
