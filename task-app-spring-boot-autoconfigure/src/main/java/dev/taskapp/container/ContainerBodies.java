package dev.taskapp.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.config.PromptModule;
import dev.taskapp.config.PromptProgram;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.config.TaskDataset;

/**
 * The answers of the container's discovery routes, built from the {@link TaskAppConfig}.
 */
final class ContainerBodies {

	/** The routes GEPA v2 is told about, relative to the container URL. */
	static final Map<String, Object> GEPA_ROUTES = gepaRoutes();

	private final TaskAppConfig config;

	private final ContainerSettings settings;

	ContainerBodies(TaskAppConfig config, ContainerSettings settings) {
		this.config = config;
		this.settings = settings;
	}

	private static Map<String, Object> gepaRoutes() {
		Map<String, Object> gepa = new LinkedHashMap<>();
		gepa.put("version", ContainerProtocol.GEPA_CONTRACT_VERSION);
		gepa.put("program_route", "/program");
		gepa.put("taskset_route", "/taskset");
		gepa.put("taskset_tasks_route", "/taskset/tasks");
		gepa.put("rollout_route", "/rollout");
		return gepa;
	}

	Map<String, Object> root() {
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("status", "ok");
		root.put("service", this.config.appId());
		root.put("protocol", ContainerProtocol.PROTOCOL);
		root.put("contract_version", ContainerProtocol.CONTRACT_VERSION);
		return root;
	}

	static Map<String, Object> health() {
		return Map.of("status", "ok", "contract_version", ContainerProtocol.CONTRACT_VERSION);
	}

	Map<String, Object> metadata() {
		boolean ready = this.config.program() != null && this.config.dataset() != null;
		Map<String, Object> capabilities = new LinkedHashMap<>();
		capabilities.put("protocol", ContainerProtocol.PROTOCOL);
		capabilities.put("contract_version", ContainerProtocol.CONTRACT_VERSION);
		capabilities.put("live_frames", "unsupported");
		capabilities.put("rollout_modes", List.of("blocking", "async"));
		capabilities.put("scale_leases", Math.max(0, this.settings.scaleLeases().getAsInt()));
		capabilities.put("metadata", Map.of("policy_ready", true, "program_ready", this.config.program() != null));
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("service", this.config.appId());
		metadata.put("name", this.config.name());
		if (this.config.description() != null) {
			metadata.put("description", this.config.description());
		}
		if (ready) {
			metadata.put("optimizer_contracts", Map.of("gepa", GEPA_ROUTES));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("capabilities", capabilities);
		body.put("metadata", metadata);
		return body;
	}

	Map<String, Object> program() {
		PromptProgram program = this.config.program();
		if (program == null) {
			throw new ContainerError(404, "program_not_declared",
					"This app declares no prompt program (TaskAppConfig.Builder.program)", List.of());
		}
		List<Map<String, Object>> modules = new ArrayList<>();
		List<Map<String, Object>> targets = new ArrayList<>();
		for (PromptModule module : program.modules()) {
			Map<String, Object> wire = new LinkedHashMap<>();
			wire.put("module_id", module.moduleId());
			wire.put("role", module.role());
			wire.put("content", module.content());
			wire.put("mutable", module.mutable());
			wire.put("candidate_field", module.candidateField());
			wire.put("template_variables", module.templateVariables());
			modules.add(wire);
			if (module.mutable()) {
				targets.add(Map.of("module_id", module.moduleId(), "candidate_field", module.candidateField(),
						"objective", program.objective()));
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("version", "prompt_program.v1");
		body.put("program_id", program.programId());
		body.put("modules", modules);
		body.put("target_modules", targets);
		body.put("seed_candidate", program.seedCandidate());
		body.put("rollout_overlay_schema", Map.of("candidate_fields", List.copyOf(program.seedCandidate().keySet())));
		return body;
	}

	Map<String, Object> taskset() {
		TaskDataset dataset = dataset();
		Map<String, Object> splits = new LinkedHashMap<>();
		dataset.splitSizes().forEach((name, size) -> splits.put(name, Map.of("size", size)));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("taskset_id", dataset.datasetId());
		body.put("splits", splits);
		body.put("labels", dataset.labels());
		if (dataset.source() != null) {
			body.put("source", dataset.source());
		}
		body.put("metadata", Map.of("service", this.config.appId(), "task_id_format", "<split>:<seed>"));
		return body;
	}

	TaskDataset dataset() {
		TaskDataset dataset = this.config.dataset();
		if (dataset == null) {
			throw new ContainerError(404, "dataset_not_declared",
					"This app declares no data set (TaskAppConfig.Builder.dataset)", List.of());
		}
		return dataset;
	}

	/**
	 * Answers {@code POST /taskset/tasks} (and {@code /dataset/rows}): one row per requested
	 * id, in order. Ids are {@code <split>:<seed>}; a bare seed takes the request's split.
	 */
	Map<String, Object> tasks(Map<String, Object> request) {
		TaskDataset dataset = dataset();
		Object splitValue = request.get("split");
		if (splitValue != null && !(splitValue instanceof String)) {
			throw ContainerError.invalid("split", "split must be a string");
		}
		String split = (String) splitValue;
		if (split != null && !dataset.hasSplit(split)) {
			throw ContainerError.invalid("split", "split must be one of " + dataset.splitSizes().keySet() + ", got '"
					+ split + "'");
		}
		Object ids = (request.get("task_ids") != null) ? request.get("task_ids") : request.get("seeds");
		String field = (request.get("task_ids") != null) ? "task_ids" : "seeds";
		if (!(ids instanceof List<?> list) || list.isEmpty()) {
			throw ContainerError.invalid("task_ids", "task_ids must be a non-empty array of ids such as \"train:0\"");
		}
		List<Map<String, Object>> tasks = new ArrayList<>(list.size());
		for (int i = 0; i < list.size(); i++) {
			tasks.add(row(dataset, list.get(i), split, field + "[" + i + "]"));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("tasks", tasks);
		body.put("metadata", Map.of("taskset_id", dataset.datasetId(), "count", tasks.size()));
		return body;
	}

	private static Map<String, Object> row(TaskDataset dataset, Object id, String split, String field) {
		TaskDataset.TaskId taskId;
		if (id instanceof Number seed && seed.doubleValue() == Math.rint(seed.doubleValue()) && split != null) {
			taskId = new TaskDataset.TaskId(split, seed.intValue());
		}
		else if (id instanceof String text) {
			taskId = TaskDataset.TaskId.parse(text);
			if (taskId == null && split != null) {
				taskId = TaskDataset.TaskId.parse(split + ":" + text);
			}
		}
		else {
			taskId = null;
		}
		if (taskId == null || !dataset.hasSplit(taskId.split()) || dataset.splitSizes().get(taskId.split()) == 0) {
			throw ContainerError.invalid(field, field + " must be a task id <split>:<seed> of a split in "
					+ dataset.splitSizes().keySet() + ", got " + id);
		}
		return dataset.row(taskId.split(), taskId.seed());
	}

	/**
	 * Answers {@code GET /task_info}: the task and its data set, or one row when a seed or id
	 * is given.
	 */
	Map<String, Object> taskInfo(Map<String, Object> row) {
		Map<String, Object> body = new LinkedHashMap<>();
		Map<String, Object> task = new LinkedHashMap<>();
		task.put("id", this.config.appId());
		task.put("name", this.config.name());
		if (this.config.description() != null) {
			task.put("description", this.config.description());
		}
		body.put("task", task);
		TaskDataset dataset = this.config.dataset();
		if (dataset != null) {
			body.put("dataset", Map.of("taskset_id", dataset.datasetId(), "splits", dataset.splitSizes()));
		}
		body.put("environment", this.config.appId());
		if (!row.isEmpty()) {
			body.put("task_metadata", row);
		}
		body.put("metadata", Map.of("service", this.config.appId()));
		return body;
	}

}
