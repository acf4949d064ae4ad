package dev.taskapp.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import dev.taskapp.contract.DatasetInfo;
import dev.taskapp.contract.RubricInfo;
import dev.taskapp.contract.TaskDescriptor;
import dev.taskapp.contract.TaskInfo;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Everything the starter needs to serve a task app: what the task is, how its instances are
 * described, and how a rollout is run. Declare one as a bean and the starter serves
 * {@code /}, {@code /health}, {@code /info}, {@code /task_info}, {@code /rollout} and
 * {@code /done} for it.
 *
 * <pre class="code">
 * &#64;Bean
 * TaskAppConfig banking77() {
 *     return TaskAppConfig.builder("banking77")
 *         .name("Banking77 intent classification")
 *         .instances(seeds -&gt; seeds.stream().map(this::describe).toList())
 *         .rollout(context -&gt; classify(context))
 *         .build();
 * }
 * </pre>
 */
public final class TaskAppConfig {

	private final String appId;

	private final String name;

	private final @Nullable String description;

	private final TaskInfo baseTaskInfo;

	private final Supplier<Map<String, Object>> taskset;

	private final TaskInstanceProvider instanceProvider;

	private final @Nullable RubricInfo rubrics;

	private final RolloutHandler rolloutHandler;

	private final @Nullable PromptProgram program;

	private final @Nullable TaskDataset dataset;

	private TaskAppConfig(Builder builder, RolloutHandler rolloutHandler) {
		this.appId = builder.appId;
		this.name = (builder.name != null) ? builder.name : builder.appId;
		this.description = builder.description;
		this.baseTaskInfo = (builder.baseTaskInfo != null) ? builder.baseTaskInfo : defaultTaskInfo(builder.tasksetMap);
		this.taskset = (builder.taskset != null) ? builder.taskset : this::defaultTaskset;
		this.instanceProvider = (builder.instanceProvider != null) ? builder.instanceProvider
				: this::defaultInstances;
		this.rubrics = builder.rubrics;
		this.rolloutHandler = rolloutHandler;
		this.program = builder.program;
		this.dataset = builder.dataset;
	}

	/**
	 * The TaskInfo of {@code /info} when none is given: its dataset names the splits and the
	 * default split of a fixed taskset description, if it has them.
	 */
	private TaskInfo defaultTaskInfo(@Nullable Map<String, Object> taskset) {
		List<String> splits = List.of();
		String defaultSplit = null;
		if (taskset != null) {
			if (taskset.get("splits") instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
				splits = list.stream().map(String.class::cast).toList();
			}
			if (taskset.get("default_split") instanceof String split) {
				defaultSplit = split;
			}
		}
		return TaskInfo.of(new TaskDescriptor(this.appId, this.name, this.description, null), this.appId)
			.withDataset(new DatasetInfo(this.appId, this.name, null, splits, defaultSplit, null));
	}

	private Map<String, Object> defaultTaskset() {
		return Map.of("id", this.appId, "name", this.name);
	}

	private List<TaskInfo> defaultInstances(List<Integer> seeds) {
		List<TaskInfo> instances = new ArrayList<>(seeds.size());
		for (Integer seed : seeds) {
			instances.add(this.baseTaskInfo.withDataset(this.baseTaskInfo.dataset().withExtra("seed", seed)));
		}
		return instances;
	}

	/**
	 * Returns a builder for a task app with the given id.
	 * @param appId identifier of the task app, answered by {@code GET /} as {@code service}
	 * @return the builder
	 */
	public static Builder builder(String appId) {
		return new Builder(appId);
	}

	/**
	 * Returns the identifier of the task app.
	 * @return the app id
	 */
	public String appId() {
		return this.appId;
	}

	/**
	 * Returns the name of the task app; the app id unless set.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the description of the task app.
	 * @return the description, or {@code null}
	 */
	public @Nullable String description() {
		return this.description;
	}

	/**
	 * Returns the TaskInfo that {@code /info} is built from.
	 * @return the base TaskInfo
	 */
	public TaskInfo baseTaskInfo() {
		return this.baseTaskInfo;
	}

	/**
	 * Returns the description of the taskset, as {@code GET /task_info} without seeds answers
	 * it under {@code taskset}.
	 * @return the taskset description
	 */
	public Map<String, Object> describeTaskset() {
		return this.taskset.get();
	}

	/**
	 * Returns the provider of per-seed TaskInfo.
	 * @return the instance provider
	 */
	public TaskInstanceProvider instanceProvider() {
		return this.instanceProvider;
	}

	/**
	 * Returns the rubrics {@code /info} names.
	 * @return the rubrics, or {@code null} when none is configured
	 */
	public @Nullable RubricInfo rubrics() {
		return this.rubrics;
	}

	/**
	 * Returns the rollout handler; a blocking handler is adapted to run off the event loop.
	 * @return the handler
	 */
	public RolloutHandler rolloutHandler() {
		return this.rolloutHandler;
	}

	/**
	 * Returns the prompt program an optimiser rewrites, as the container contract's
	 * {@code /program} answers it.
	 * @return the program, or {@code null} when none is declared
	 */
	public @Nullable PromptProgram program() {
		return this.program;
	}

	/**
	 * Returns the rows the task is evaluated on, as the container contract's {@code /taskset}
	 * and {@code /taskset/tasks} answer them.
	 * @return the data set, or {@code null} when none is declared
	 */
	public @Nullable TaskDataset dataset() {
		return this.dataset;
	}

	@Override
	public String toString() {
		return "TaskAppConfig[appId=" + this.appId + ", name=" + this.name + "]";
	}

	/**
	 * Builds a {@link TaskAppConfig}.
	 */
	public static final class Builder {

		private final String appId;

		private @Nullable String name;

		private @Nullable String description;

		private @Nullable TaskInfo baseTaskInfo;

		private @Nullable Supplier<Map<String, Object>> taskset;

		private @Nullable Map<String, Object> tasksetMap;

		private @Nullable TaskInstanceProvider instanceProvider;

		private @Nullable RubricInfo rubrics;

		private @Nullable RolloutHandler rolloutHandler;

		private @Nullable PromptProgram program;

		private @Nullable TaskDataset dataset;

		private Builder(String appId) {
			if (appId == null || appId.isBlank()) {
				throw new IllegalArgumentException("appId must not be blank");
			}
			this.appId = appId;
		}

		/**
		 * Sets the name of the task app.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * Sets the description of the task app.
		 * @param description the description
		 * @return this builder
		 */
		public Builder description(@Nullable String description) {
			this.description = description;
			return this;
		}

		/**
		 * Sets the TaskInfo that {@code /info} is built from. Without one, a TaskInfo naming
		 * the app id and name is used.
		 * @param baseTaskInfo the base TaskInfo
		 * @return this builder
		 */
		public Builder baseTaskInfo(TaskInfo baseTaskInfo) {
			this.baseTaskInfo = Objects.requireNonNull(baseTaskInfo, "baseTaskInfo");
			return this;
		}

		/**
		 * Sets the taskset description {@code GET /task_info} answers without seeds; its key
		 * order is kept. Without a {@link #baseTaskInfo(TaskInfo) base TaskInfo}, its
		 * {@code splits} and {@code default_split} are also the dataset's of {@code /info}.
		 * @param taskset the description
		 * @return this builder
		 */
		public Builder taskset(Map<String, Object> taskset) {
			Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(taskset));
			this.taskset = () -> copy;
			this.tasksetMap = copy;
			return this;
		}

		/**
		 * Sets a supplier of the taskset description, called on every request.
		 * @param taskset the supplier
		 * @return this builder
		 */
		public Builder taskset(Supplier<Map<String, Object>> taskset) {
			this.taskset = Objects.requireNonNull(taskset, "taskset");
			this.tasksetMap = null;
			return this;
		}

		/**
		 * Sets the provider of per-seed TaskInfo. Without one, each seed is described by the
		 * base TaskInfo with {@code dataset.seed} set.
		 * @param instanceProvider the provider
		 * @return this builder
		 */
		public Builder instances(TaskInstanceProvider instanceProvider) {
			this.instanceProvider = Objects.requireNonNull(instanceProvider, "instanceProvider");
			return this;
		}

		/**
		 * Sets the rubrics {@code /info} names.
		 * @param rubrics the rubrics
		 * @return this builder
		 */
		public Builder rubrics(@Nullable RubricInfo rubrics) {
			this.rubrics = rubrics;
			return this;
		}

		/**
		 * Sets the prompt program an optimiser rewrites; the container contract needs one.
		 * @param program the program
		 * @return this builder
		 */
		public Builder program(@Nullable PromptProgram program) {
			this.program = program;
			return this;
		}

		/**
		 * Sets the rows the task is evaluated on; the container contract needs them.
		 * @param dataset the data set
		 * @return this builder
		 */
		public Builder dataset(@Nullable TaskDataset dataset) {
			this.dataset = dataset;
			return this;
		}

		/**
		 * Sets a non-blocking rollout handler.
		 * @param handler the handler
		 * @return this builder
		 */
		public Builder rollout(RolloutHandler handler) {
			this.rolloutHandler = Objects.requireNonNull(handler, "handler");
			return this;
		}

		/**
		 * Sets a blocking rollout handler; it runs on Reactor's bounded elastic scheduler,
		 * never on the event loop.
		 * @param handler the handler
		 * @return this builder
		 */
		public Builder blockingRollout(BlockingRolloutHandler handler) {
			Objects.requireNonNull(handler, "handler");
			this.rolloutHandler = (context) -> Mono.fromCallable(() -> handler.rollout(context))
				.subscribeOn(Schedulers.boundedElastic());
			return this;
		}

		/**
		 * Builds the config.
		 * @return the config
		 * @throws IllegalStateException if no rollout handler was set
		 */
		public TaskAppConfig build() {
			if (this.rolloutHandler == null) {
				throw new IllegalStateException(
						"TaskAppConfig '" + this.appId + "' needs a rollout handler: call rollout(...) or blockingRollout(...)");
			}
			return new TaskAppConfig(this, this.rolloutHandler);
		}

	}

}
