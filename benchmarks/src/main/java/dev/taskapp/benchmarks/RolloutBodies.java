package dev.taskapp.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code POST /rollout} body the load drivers send: an eval rollout of the Banking77 task
 * whose seed varies per request, with a two-section prompt template (so both servers render
 * it) and an inference URL pointing at the mock LLM that carries the latency
 * ({@code /lat/<ms>/v1}) and the seed ({@code ?cid=trace_bench_<seed>}). One template serves
 * the JVM driver and the wrk Lua script.
 */
final class RolloutBodies {

	static final String TEMPLATE = "{\"run_id\":\"@RUN_ID@\",\"env\":{\"env_name\":\"banking77\",\"seed\":@SEED@,"
			+ "\"config\":{\"split\":\"train\"}},\"policy\":{\"policy_id\":\"bench-policy\",\"policy_name\":\"bench\","
			+ "\"config\":{\"model\":\"gpt-4o-mini\",\"inference_url\":\"@LLM@?cid=trace_bench_@SEED@\","
			+ "\"temperature\":0.0,\"max_completion_tokens\":64,\"prompt_template\":{\"id\":\"bench\","
			+ "\"prompt_sections\":[{\"role\":\"system\",\"content\":\"You are a banking customer-support assistant."
			+ " Classify the customer's query into exactly one of these intents: {intents}. Answer with the intent"
			+ " name only.\",\"order\":0},{\"role\":\"user\",\"content\":\"Customer query: {query}\",\"order\":1}]}}},"
			+ "\"ops\":[\"agent\",\"env\"],\"record\":{\"trajectories\":true,\"return_trace\":false,"
			+ "\"trace_format\":\"compact\"},\"mode\":\"eval\"}";

	private static final Pattern SLOT = Pattern.compile("@(RUN_ID|SEED|LLM)@");

	private final String[] literals;

	private final String[] slots;

	private final String llm;

	/**
	 * Creates the bodies of one scenario.
	 * @param llmBaseUrl the mock LLM, such as {@code http://127.0.0.1:1234}
	 * @param latencyMillis the latency the mock should add
	 */
	RolloutBodies(String llmBaseUrl, long latencyMillis) {
		this.llm = inferenceUrl(llmBaseUrl, latencyMillis);
		List<String> literals = new ArrayList<>();
		List<String> slots = new ArrayList<>();
		Matcher matcher = SLOT.matcher(TEMPLATE);
		int last = 0;
		while (matcher.find()) {
			literals.add(TEMPLATE.substring(last, matcher.start()));
			slots.add(matcher.group(1));
			last = matcher.end();
		}
		literals.add(TEMPLATE.substring(last));
		this.literals = literals.toArray(String[]::new);
		this.slots = slots.toArray(String[]::new);
	}

	static String inferenceUrl(String llmBaseUrl, long latencyMillis) {
		return llmBaseUrl + "/lat/" + latencyMillis + "/v1";
	}

	String inferenceUrl() {
		return this.llm;
	}

	byte[] body(String runId, int seed) {
		StringBuilder body = new StringBuilder(TEMPLATE.length() + 64);
		for (int i = 0; i < this.slots.length; i++) {
			body.append(this.literals[i]);
			switch (this.slots[i]) {
				case "RUN_ID" -> body.append(runId);
				case "SEED" -> body.append(seed);
				default -> body.append(this.llm);
			}
		}
		body.append(this.literals[this.literals.length - 1]);
		return body.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Writes the body template as Lua: a table of literal parts and one of slot names.
	 * @return Lua source defining {@code body_literals} and {@code body_slots}
	 */
	String lua() {
		StringBuilder lua = new StringBuilder("body_literals = {\n");
		for (String literal : this.literals) {
			lua.append("  [==[").append(literal).append("]==],\n");
		}
		lua.append("}\nbody_slots = {");
		for (String slot : this.slots) {
			lua.append(" \"").append(slot).append("\",");
		}
		return lua.append(" }\n").toString();
	}

}
