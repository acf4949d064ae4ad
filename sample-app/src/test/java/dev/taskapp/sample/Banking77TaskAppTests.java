package dev.taskapp.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.contract.TaskInfo;
import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Banking77TaskApp}.
 */
class Banking77TaskAppTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(Banking77TaskApp.class);

	@Test
	void configurationDeclaresTheTaskAppWithDefaultSettings() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TaskAppConfig.class)
				.hasSingleBean(Banking77Dataset.class)
				.hasSingleBean(Banking77Rollout.class);
			TaskAppConfig config = context.getBean(TaskAppConfig.class);
			assertThat(config.appId()).isEqualTo("banking77");
			assertThat(config.rolloutHandler()).isSameAs(context.getBean(Banking77Rollout.class));
			assertThat(config.baseTaskInfo().inference().model()).isEqualTo("gpt-4o-mini");
			assertThat(context.getBean(ChatCompletionsClient.class).timeout()).isEqualTo(Duration.ofSeconds(60));
		});
	}

	@Test
	void sampleSettingsAreBound() {
		this.contextRunner.withPropertyValues("sample.inference.model=llama-3.1-8b-instant", "sample.llm.timeout=5s")
			.run((context) -> {
				assertThat(context.getBean(TaskAppConfig.class).baseTaskInfo().inference().model())
					.isEqualTo("llama-3.1-8b-instant");
				assertThat(context.getBean(ChatCompletionsClient.class).timeout()).isEqualTo(Duration.ofSeconds(5));
			});
	}

	@Test
	void baseTaskInfoDescribesTheTask() {
		JsonNode info = TaskAppJson.mapper().valueToTree(Banking77TaskApp.baseTaskInfo("gpt-4o-mini"));
		assertThat(info.path("task").path("id").stringValue()).isEqualTo("banking77");
		assertThat(info.path("task").path("name").stringValue()).isEqualTo("Banking77 intent classification");
		assertThat(info.path("task").path("version").stringValue()).isEqualTo("1.0.0");
		assertThat(info.path("environment").stringValue()).isEqualTo("banking77");
		assertThat(info.path("dataset").path("id").stringValue()).isEqualTo("banking77");
		assertThat(info.path("dataset").path("splits").valueStream().map(JsonNode::stringValue).toList())
			.containsExactly("train", "test");
		assertThat(info.path("dataset").path("default_split").stringValue()).isEqualTo("train");
		assertThat(info.path("inference").path("model").stringValue()).isEqualTo("gpt-4o-mini");
		assertThat(info.path("limits").path("max_turns").intValue()).isEqualTo(1);
		assertThat(info.path("limits").path("timeout_seconds").intValue()).isEqualTo(30);
		assertThat(info.path("rubric").path("outcome").path("criteria").path(0).path("id").stringValue())
			.isEqualTo("intent_correct");
	}

	@Test
	void tasksetNamesSplitsSizesAndIntentCount() {
		Banking77Dataset dataset = Banking77Dataset.load();
		assertThat(Banking77TaskApp.taskset(dataset)).containsEntry("id", "banking77")
			.containsEntry("name", "Banking77 intent classification")
			.containsEntry("splits", List.of("train", "test"))
			.containsEntry("sizes", Map.of("train", dataset.size("train"), "test", dataset.size("test")))
			.containsEntry("intents", dataset.intents().size());
	}

	@Test
	void tasksetIsServedInItsOwnKeyOrder() {
		this.contextRunner.run((context) -> assertThat(context.getBean(TaskAppConfig.class).describeTaskset().keySet())
			.containsExactly("id", "name", "splits", "sizes", "intents"));
	}

	@Test
	void instancesCarryTheirSeedAndQueryFromTheDefaultSplit() {
		Banking77Dataset dataset = Banking77Dataset.load();
		ChatCompletionsClient client = new ChatCompletionsClient(HttpClient.create(), Duration.ofSeconds(1),
				new MockEnvironment());
		TaskAppConfig config = Banking77TaskApp.taskAppConfig(dataset,
				new Banking77Rollout(dataset, client, "gpt-4o-mini"), "gpt-4o-mini");
		int size = dataset.size("train");
		List<TaskInfo> instances = config.instanceProvider().instances(List.of(0, size + 2, -1));
		assertThat(instances).hasSize(3);
		assertThat(instances).extracting((instance) -> instance.dataset().extra().get("seed"))
			.containsExactly(0, size + 2, -1);
		assertThat(instances).extracting((instance) -> instance.taskMetadata().get("query"))
			.containsExactly(dataset.sample("train", 0).text(), dataset.sample("train", 2).text(),
					dataset.sample("train", size - 1).text());
		assertThat(instances).allSatisfy((instance) -> {
			assertThat(instance.taskMetadata()).containsOnlyKeys("query", "split").containsEntry("split", "train");
			assertThat(instance.task().id()).isEqualTo("banking77");
		});
		JsonNode json = TaskAppJson.mapper().valueToTree(instances.get(1));
		assertThat(json.path("dataset").path("seed").intValue()).isEqualTo(size + 2);
		assertThat(json.path("task_metadata").path("split").stringValue()).isEqualTo("train");
	}

}
