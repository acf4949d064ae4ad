package dev.taskapp.contract;

/**
 * The example bodies of the contract reference: {@code /info} (§1.5), a per-seed TaskInfo
 * (§1.6), a rollout request (§3.1) and its response (§3.3).
 */
public final class ContractExamples {

	/** Example of the contract reference. */
	public static final String INFO = """
			{
			  "service": {"task": {"id": "banking77", "name": "Banking77", "description": null, "version": "1.0.0"},
			              "version": "1.0.0"},
			  "dataset": {"id": "banking77", "name": null, "version": null, "splits": ["train","test"],
			              "default_split": "train", "description": null},
			  "rubrics": null,
			  "inference": {"model": "gpt-4o-mini", "inference_url": null},
			  "limits": {"max_turns": 1, "max_response_tokens": null, "timeout_seconds": 30}
			}""";

	/** Example of the contract reference. */
	public static final String TASK_INFO = """
			{"task": {"id": "banking77", "name": "Banking77", "description": null, "version": null},
			 "environment": "banking77",
			 "dataset": {"id": "banking77", "name": null, "version": null, "splits": ["train"], "default_split": "train",
			             "description": null, "seed": 3},
			 "rubric": {"outcome": null, "events": null},
			 "inference": {"model": null, "inference_url": null},
			 "limits": {"max_turns": 1, "max_response_tokens": null, "timeout_seconds": null},
			 "task_metadata": {"query": "How do I reset my PIN?"}}""";

	/** Example of the contract reference. */
	public static final String ROLLOUT_REQUEST = """
			{"run_id": "run_abc123",
			 "env": {"seed": 42, "config": {"split": "train"}},
			 "policy": {"policy_id": "policy_1",
			            "config": {"model": "gpt-4o-mini",
			                       "inference_url": "https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123",
			                       "temperature": 0.0, "max_completion_tokens": 512,
			                       "prompt_template": {"sections": [
			                         {"role": "system", "content": "You are a banking intent classifier.", "order": 0},
			                         {"role": "user", "pattern": "Customer query: {query}\\n\\nClassify into one of: {intents}", "order": 1}]}}},
			 "ops": [],
			 "mode": "eval"}""";

	/** Example of the contract reference. */
	public static final String ROLLOUT_RESPONSE = """
			{"run_id": "run_abc123",
			 "trajectories": [{"env_id": "banking77::train::42", "policy_id": "policy_1",
			   "steps": [{"obs": {"query": "How do I reset my PIN?", "index": 42},
			              "tool_calls": [{"id": "call_1", "type": "function",
			                              "function": {"name": "classify", "arguments": "{\\"intent\\": \\"change_pin\\"}"}}],
			              "reward": 1.0, "done": true, "truncated": null,
			              "info": {"expected": "change_pin", "predicted": "change_pin", "correct": true,
			                       "meta": {"inference_url": "https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123"}},
			              "output": null, "output_mode": null}],
			   "final": null, "length": 1,
			   "inference_url": "https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123",
			   "trace": null, "decision_samples": null}],
			 "branches": {},
			 "metrics": {"episode_returns": [1.0], "mean_return": 1.0, "num_steps": 1, "num_episodes": 1,
			             "outcome_score": 1.0, "events_score": null, "details": {}},
			 "aborted": false, "ops_executed": 1,
			 "trace_correlation_id": "trace_abc123",
			 "trace": null,
			 "pipeline_metadata": {"inference_url": "https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123"}}""";

	private ContractExamples() {
	}

}
