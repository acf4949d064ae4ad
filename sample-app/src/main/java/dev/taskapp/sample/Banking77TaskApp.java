package dev.taskapp.sample;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.config.PromptModule;
import dev.taskapp.config.PromptProgram;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.config.TaskDataset;
import dev.taskapp.contract.DatasetInfo;
import dev.taskapp.contract.InferenceInfo;
import dev.taskapp.contract.LimitsInfo;
import dev.taskapp.contract.RubricCriterion;
import dev.taskapp.contract.RubricInfo;
import dev.taskapp.contract.RubricSection;
import dev.taskapp.contract.TaskDescriptor;
import dev.taskapp.contract.TaskInfo;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Declares the Banking77 task app: the data set, the model client, the rollout and the
 * {@link TaskAppConfig} the starter serves.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SampleProperties.class)
public class Banking77TaskApp {

	/** Version of the task, as {@code /info} and {@code /task_info} report it. */
	public static final String VERSION = "1.0.0";

	/** The candidate field of the system prompt an optimiser rewrites. */
	public static final String SYSTEM_PROMPT_FIELD = "system_prompt";

	static final String NAME = "Banking77 intent classification";

	static final String DESCRIPTION = "Classify a retail-banking customer query into one of the data set's intents";

	/** The rubric: one outcome criterion, the intent being right. */
	static final RubricInfo RUBRIC = new RubricInfo(new RubricSection("outcome",
			List.of(new RubricCriterion("intent_correct", "The predicted intent equals the labelled intent", 1.0))),
			null);

	@Bean
	Banking77Dataset banking77Dataset() {
		return Banking77Dataset.load();
	}

	@Bean(destroyMethod = "dispose")
	ConnectionProvider sampleLlmConnections(SampleProperties properties) {
		return ConnectionProvider.builder("sample-llm")
			.maxConnections(properties.llm().maxConnections())
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(properties.llm().timeout())
			.build();
	}

	@Bean
	ChatCompletionsClient chatCompletionsClient(ConnectionProvider sampleLlmConnections, SampleProperties properties,
			Environment environment) {
		return new ChatCompletionsClient(HttpClient.create(sampleLlmConnections), properties.llm().timeout(),
				environment);
	}

	@Bean
	Banking77Rollout banking77Rollout(Banking77Dataset dataset, ChatCompletionsClient client,
			SampleProperties properties) {
		return new Banking77Rollout(dataset, client, properties.inference().model());
	}

	@Bean
	TaskAppConfig banking77TaskAppConfig(Banking77Dataset dataset, Banking77Rollout rollout,
			SampleProperties properties) {
		return taskAppConfig(dataset, rollout, properties.inference().model());
	}

	/**
	 * Returns the task-app configuration of the Banking77 task.
	 * @param dataset the data set
	 * @param rollout the rollout
	 * @param model the model the task expects
	 * @return the configuration
	 */
	public static TaskAppConfig taskAppConfig(Banking77Dataset dataset, Banking77Rollout rollout, String model) {
		TaskInfo base = baseTaskInfo(model);
		Map<String, Object> taskset = taskset(dataset);
		return TaskAppConfig.builder(Banking77Rollout.TASK_ID)
			.name(NAME)
			.description(DESCRIPTION)
			.baseTaskInfo(base)
			.taskset(taskset)
			.instances((seeds) -> seeds.stream().map((seed) -> instance(base, dataset, seed)).toList())
			.rubrics(RUBRIC)
			.program(program())
			.dataset(taskDataset(dataset))
			.rollout(rollout)
			.build();
	}

	/**
	 * Returns the prompt program of the task: a system prompt an optimiser rewrites (under the
	 * candidate field {@value #SYSTEM_PROMPT_FIELD}, starting from the default prompt) and the
	 * fixed user message with the query.
	 * @return the program
	 */
	public static PromptProgram program() {
		return PromptProgram.of("banking77_classifier", "classification_accuracy",
				PromptModule.mutable("classifier_system", "system", SYSTEM_PROMPT_FIELD,
						Banking77Rollout.DEFAULT_PROMPT.get(0).content(), "intents"),
				PromptModule.fixed("customer_query", "user", Banking77Rollout.DEFAULT_PROMPT.get(1).content(), "query"));
	}

	/**
	 * Returns the data set as the container contract serves it: the train and test splits, each
	 * row with its query ({@code text}) and intent ({@code label}).
	 * @param dataset the data set
	 * @return the task data set
	 */
	static TaskDataset taskDataset(Banking77Dataset dataset) {
		TaskDataset.Builder builder = TaskDataset.builder(Banking77Rollout.TASK_ID).labels(dataset.intents())
			.source("Banking77 (sample)");
		for (String split : dataset.splits()) {
			List<Banking77Dataset.Example> examples = dataset.split(split);
			builder.split(split, examples.size(), (seed) -> Map.of("text", examples.get(seed).text(), "label",
					examples.get(seed).label()));
		}
		return builder.build();
	}

	static TaskInfo baseTaskInfo(String model) {
		DatasetInfo dataset = new DatasetInfo(Banking77Rollout.TASK_ID, "Banking77 (sample)", VERSION,
				Banking77Dataset.SPLITS, Banking77Dataset.TRAIN, "Customer queries labelled with their banking intent");
		TaskDescriptor task = new TaskDescriptor(Banking77Rollout.TASK_ID, NAME, DESCRIPTION, VERSION);
		return TaskInfo.of(task, Banking77Rollout.TASK_ID)
			.withDataset(dataset)
			.withRubric(RUBRIC)
			.withInference(new InferenceInfo(model, null))
			.withLimits(new LimitsInfo(1, null, 30));
	}

	static Map<String, Object> taskset(Banking77Dataset dataset) {
		Map<String, Object> sizes = new LinkedHashMap<>();
		dataset.splits().forEach((split) -> sizes.put(split, dataset.size(split)));
		Map<String, Object> taskset = new LinkedHashMap<>();
		taskset.put("id", Banking77Rollout.TASK_ID);
		taskset.put("name", NAME);
		taskset.put("splits", dataset.splits());
		taskset.put("sizes", sizes);
		taskset.put("intents", dataset.intents().size());
		return Collections.unmodifiableMap(taskset);
	}

	/**
	 * Describes the instance of a seed in the default split, as {@code /task_info?seed=…} does.
	 * @param base the base TaskInfo
	 * @param dataset the data set
	 * @param seed the seed
	 * @return the instance's TaskInfo
	 */
	static TaskInfo instance(TaskInfo base, Banking77Dataset dataset, int seed) {
		String split = Banking77Dataset.TRAIN;
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("query", dataset.sample(split, seed).text());
		metadata.put("split", split);
		return base.withDataset(base.dataset().withExtra("seed", seed)).withTaskMetadata(metadata);
	}

}
