package dev.taskapp.checker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.taskapp.config.RolloutContext;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.contract.DatasetInfo;
import dev.taskapp.contract.RolloutMetrics;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.RolloutStep;
import dev.taskapp.contract.RolloutTrajectory;
import dev.taskapp.contract.TaskDescriptor;
import dev.taskapp.contract.TaskInfo;
import dev.taskapp.inprocess.InProcessTaskApp;
import dev.taskapp.support.TaskAppJson;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * A small task app for the checker's tests: its rollout asks the model at the request's
 * inference URL once (unless told not to) and scores 1.0.
 */
final class CheckedTaskApp {

	static final String KEY = "sk_checker_test_key_1234";

	private CheckedTaskApp() {
	}

	static InProcessTaskApp start(boolean callsTheModel, Map<String, Object> properties) {
		return InProcessTaskApp.builder()
			.port(freePort())
			.apiKey(KEY)
			.config(config(callsTheModel))
			.properties(properties)
			.start();
	}

	static TaskAppConfig config(boolean callsTheModel) {
		TaskInfo baseInfo = TaskInfo.of(new TaskDescriptor("checked", "Checked", null, "1.0.0"), "checked")
			.withDataset(new DatasetInfo("checked", null, null, List.of("train"), "train", null));
		return TaskAppConfig.builder("checked")
			.name("Checked")
			.baseTaskInfo(baseInfo)
			.taskset(Map.of("id", "checked", "splits", List.of("train")))
			.instances((seeds) -> seeds.stream().map((seed) -> baseInfo.withTaskMetadata(Map.of("seed", seed))).toList())
			.rollout((context) -> (callsTheModel ? askModel(context) : Mono.just("")).map((answer) -> respond(context)))
			.build();
	}

	private static Mono<String> askModel(RolloutContext context) {
		String body = TaskAppJson.mapper()
			.writeValueAsString(Map.of("model", "m", "messages", List.of(Map.of("role", "user", "content", "hi"))));
		return HttpClient.create()
			.headers((headers) -> headers.set("Content-Type", "application/json"))
			.post()
			.uri(context.requireChatCompletionsUrl())
			.send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8,
					io.netty.buffer.ByteBufAllocator.DEFAULT))
			.responseSingle((response, content) -> content.asString());
	}

	private static RolloutResponse respond(RolloutContext context) {
		RolloutStep step = RolloutStep.builder().reward(1.0).done(true).build();
		return RolloutResponse.builder(context.request().runId())
			.trajectory(RolloutTrajectory.of("checked::train::0", "policy", "", List.of(step)))
			.metrics(RolloutMetrics.ofSingleEpisode(1.0, 1))
			.build();
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
