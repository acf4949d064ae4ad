package dev.taskapp.config;

import java.util.List;
import java.util.Map;

import dev.taskapp.contract.DatasetInfo;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.TaskDescriptor;
import dev.taskapp.contract.TaskInfo;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link TaskAppConfig} derives from what it is given.
 */
class TaskAppConfigTests {

	@Test
	void theInfoDatasetNamesTheSplitsOfTheTaskset() {
		TaskAppConfig config = builder().taskset(Map.of("splits", List.of("train", "test"), "default_split", "train"))
			.build();
		DatasetInfo dataset = config.baseTaskInfo().dataset();
		assertThat(dataset.splits()).containsExactly("train", "test");
		assertThat(dataset.defaultSplit()).isEqualTo("train");
	}

	@Test
	void aTasksetWithoutSplitsLeavesThemEmpty() {
		DatasetInfo dataset = builder().taskset(Map.of("splits", "train")).build().baseTaskInfo().dataset();
		assertThat(dataset.splits()).isEmpty();
		assertThat(dataset.defaultSplit()).isNull();
	}

	@Test
	void aGivenBaseTaskInfoWinsOverTheTaskset() {
		TaskInfo base = TaskInfo.of(new TaskDescriptor("t", "T", null, null), "t")
			.withDataset(new DatasetInfo("d", "D", null, List.of("only"), null, null));
		TaskAppConfig config = builder().taskset(Map.of("splits", List.of("train"))).baseTaskInfo(base).build();
		assertThat(config.baseTaskInfo().dataset().splits()).containsExactly("only");
	}

	private static TaskAppConfig.Builder builder() {
		return TaskAppConfig.builder("my-task")
			.rollout((context) -> Mono.just(RolloutResponse.builder(context.request()).build()));
	}

}
