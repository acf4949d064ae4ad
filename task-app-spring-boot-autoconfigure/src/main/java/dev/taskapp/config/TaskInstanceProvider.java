package dev.taskapp.config;

import java.util.List;

import dev.taskapp.contract.TaskInfo;

/**
 * Describes the task instances of the given seeds, as {@code GET /task_info?seed=…} returns
 * them. Called once per request with every seed of the query, in order.
 */
@FunctionalInterface
public interface TaskInstanceProvider {

	/**
	 * Describes the instances of the given seeds.
	 * @param seeds the seeds, in the order of the query
	 * @return one TaskInfo per instance
	 */
	List<TaskInfo> instances(List<Integer> seeds);

}
