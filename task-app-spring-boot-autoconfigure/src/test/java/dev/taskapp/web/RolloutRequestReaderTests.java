package dev.taskapp.web;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.taskapp.contract.ContractExamples;
import dev.taskapp.contract.OutputMode;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutMode;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRecordConfig;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutSafetyConfig;
import dev.taskapp.contract.StructuredOutputConfig;
import dev.taskapp.contract.TraceFormat;
import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RolloutRequestReader}: bodies are validated as FastAPI and pydantic v2
 * validate the reference server's {@code RolloutRequest}.
 */
class RolloutRequestReaderTests {

	private static final String MINIMAL = "{\"run_id\": \"r1\", \"env\": {}, \"policy\": {}}";

	private final RolloutRequestReader reader = new RolloutRequestReader(TaskAppJson.mapper());

	@Test
	void contractExampleIsReadWithEveryValue() {
		RolloutRequest request = valid(ContractExamples.ROLLOUT_REQUEST);
		assertThat(request.runId()).isEqualTo("run_abc123");
		assertThat(request.env().seed()).isEqualTo(42);
		assertThat(request.env().config()).containsExactly(Map.entry("split", "train"));
		assertThat(request.policy().policyId()).isEqualTo("policy_1");
		assertThat(request.policy().config()).containsOnlyKeys("model", "inference_url", "temperature",
				"max_completion_tokens", "prompt_template");
		assertThat(request.policy().config()).containsEntry("temperature", 0.0)
			.containsEntry("max_completion_tokens", 512);
		assertThat(request.policy().inferenceUrl())
			.isEqualTo("https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123");
		assertThat(request.policy().config().get("prompt_template")).isEqualTo(Map.of("sections",
				List.of(Map.of("role", "system", "content", "You are a banking intent classifier.", "order", 0),
						Map.of("role", "user", "pattern",
								"Customer query: {query}\n\nClassify into one of: {intents}", "order", 1))));
		assertThat(request.ops()).isEmpty();
		assertThat(request.mode()).isEqualTo(RolloutMode.EVAL);
		assertThat(request.record()).isEqualTo(RolloutRecordConfig.DEFAULTS);
		assertThat(request.safety()).isEqualTo(RolloutSafetyConfig.DEFAULTS);
		assertThat(request.onDone()).isEqualTo("reset");
		assertThat(request.policy().outputMode()).isEqualTo(OutputMode.TOOL_CALLS);
		assertThat(request.policy().structuredConfig()).isNull();
		assertThat(request.trainingSessionId()).isNull();
		assertThat(request.synthBaseUrl()).isNull();
		assertThat(request.traceCorrelationId()).isNull();
	}

	@Test
	void minimalBodyIsReadWithEveryDefault() {
		RolloutRequest request = valid(MINIMAL);
		assertThat(request.runId()).isEqualTo("r1");
		assertThat(request.env().envId()).isNull();
		assertThat(request.env().envName()).isNull();
		assertThat(request.env().config()).isEmpty();
		assertThat(request.env().seed()).isNull();
		assertThat(request.policy().policyId()).isNull();
		assertThat(request.policy().policyName()).isNull();
		assertThat(request.policy().config()).isEmpty();
		assertThat(request.policy().outputMode()).isEqualTo(OutputMode.TOOL_CALLS);
		assertThat(request.policy().structuredConfig()).isNull();
		assertThat(request.ops()).isEmpty();
		assertThat(request.record()).isEqualTo(new RolloutRecordConfig(true, false, false, false, TraceFormat.COMPACT));
		assertThat(request.onDone()).isEqualTo("reset");
		assertThat(request.safety()).isEqualTo(new RolloutSafetyConfig(100_000, 3600.0));
		assertThat(request.trainingSessionId()).isNull();
		assertThat(request.synthBaseUrl()).isNull();
		assertThat(request.mode()).isNull();
		assertThat(request.traceCorrelationId()).isNull();
	}

	@Test
	void everyOptionalPartIsReadWhenGiven() {
		RolloutRequest request = valid("""
				{"run_id": "r1", "env": {"env_id": "e1", "env_name": "banking77", "seed": 7},
				 "policy": {"policy_name": "p", "output_mode": "structured",
				            "structured_config": {"schema": {"type": "object"}, "schema_name": "intent", "strict": false}},
				 "record": {"trajectories": false, "logprobs": true, "value": true, "return_trace": true,
				            "trace_format": "full"},
				 "on_done": "terminate", "safety": {"max_ops": 5, "max_time_s": 1.5},
				 "training_session_id": "ts", "synth_base_url": "https://api.usesynth.ai", "mode": "rl",
				 "trace_correlation_id": "trace_1"}""");
		assertThat(request.env().envId()).isEqualTo("e1");
		assertThat(request.env().envName()).isEqualTo("banking77");
		assertThat(request.env().seed()).isEqualTo(7);
		assertThat(request.policy().policyName()).isEqualTo("p");
		assertThat(request.policy().outputMode()).isEqualTo(OutputMode.STRUCTURED);
		assertThat(request.policy().structuredConfig())
			.isEqualTo(new StructuredOutputConfig(Map.of("type", "object"), "intent", false));
		assertThat(request.record()).isEqualTo(new RolloutRecordConfig(false, true, true, true, TraceFormat.FULL));
		assertThat(request.onDone()).isEqualTo("terminate");
		assertThat(request.safety()).isEqualTo(new RolloutSafetyConfig(5, 1.5));
		assertThat(request.trainingSessionId()).isEqualTo("ts");
		assertThat(request.synthBaseUrl()).isEqualTo("https://api.usesynth.ai");
		assertThat(request.mode()).isEqualTo(RolloutMode.RL);
		assertThat(request.traceCorrelationId()).isEqualTo("trace_1");
	}

	@Test
	void nullOptionalPartsTakeTheirDefaults() {
		RolloutRequest request = valid("""
				{"run_id": "r1", "env": {"env_id": null, "env_name": null, "seed": null},
				 "policy": {"policy_id": null, "policy_name": null, "output_mode": null, "structured_config": null},
				 "ops": null, "record": null, "on_done": null, "safety": null, "training_session_id": null,
				 "synth_base_url": null, "mode": null, "trace_correlation_id": null}""");
		assertThat(request.env().seed()).isNull();
		assertThat(request.policy().outputMode()).isEqualTo(OutputMode.TOOL_CALLS);
		assertThat(request.policy().structuredConfig()).isNull();
		assertThat(request.ops()).isEmpty();
		assertThat(request.record()).isEqualTo(RolloutRecordConfig.DEFAULTS);
		assertThat(request.onDone()).isEqualTo("reset");
		assertThat(request.safety()).isEqualTo(RolloutSafetyConfig.DEFAULTS);
		assertThat(request.mode()).isNull();
	}

	@Test
	void partiallyGivenRecordAndSafetyKeepTheOtherDefaults() {
		RolloutRequest request = valid("""
				{"run_id": "r1", "env": {}, "policy": {}, "record": {"return_trace": true, "trace_format": null},
				 "safety": {"max_time_s": 10}}""");
		assertThat(request.record()).isEqualTo(new RolloutRecordConfig(true, false, false, true, TraceFormat.COMPACT));
		assertThat(request.safety()).isEqualTo(new RolloutSafetyConfig(100_000, 10.0));
	}

	@Test
	void missingRunIdIsReportedWithItsLocation() {
		assertThat(singleError("{\"env\": {}, \"policy\": {}}"))
			.isEqualTo(new ValidationError("missing", List.of("body", "run_id"), "Field required", null, null));
	}

	@Test
	void emptyObjectReportsEveryRequiredField() {
		assertThat(errors("{}")).containsExactly(ValidationError.missing(List.of("body", "run_id")),
				ValidationError.missing(List.of("body", "env")), ValidationError.missing(List.of("body", "policy")));
	}

	@Test
	void allErrorsAreReportedTogetherInFieldOrder() {
		List<ValidationError> errors = errors("""
				{"mode": "train", "safety": {"max_time_s": "soon", "max_ops": 1.5},
				 "record": {"trace_format": "tiny", "logprobs": "maybe"}, "ops": "none",
				 "policy": {"structured_config": {"strict": 2}, "config": [], "output_mode": 3},
				 "env": {"seed": "x", "env_id": 4}}""");
		assertThat(errors).extracting(ValidationError::loc)
			.containsExactly(List.of("body", "run_id"), List.of("body", "env", "env_id"),
					List.of("body", "env", "seed"), List.of("body", "policy", "config"),
					List.of("body", "policy", "output_mode"), List.of("body", "policy", "structured_config", "schema"),
					List.of("body", "policy", "structured_config", "strict"), List.of("body", "ops"),
					List.of("body", "record", "logprobs"), List.of("body", "record", "trace_format"),
					List.of("body", "safety", "max_ops"), List.of("body", "safety", "max_time_s"),
					List.of("body", "mode"));
		assertThat(errors).extracting(ValidationError::type)
			.containsExactly("missing", "string_type", "int_parsing", "dict_type", "enum", "missing", "bool_parsing",
					"list_type", "bool_parsing", "enum", "int_from_float", "float_parsing", "enum");
	}

	@Test
	void numberIsNotAcceptedAsAString() {
		assertThat(singleError("{\"run_id\": 42, \"env\": {}, \"policy\": {}}")).isEqualTo(new ValidationError(
				"string_type", List.of("body", "run_id"), "Input should be a valid string", 42, null));
	}

	@Test
	void nullIsNotAcceptedAsTheRunId() {
		assertThat(singleError("{\"run_id\": null, \"env\": {}, \"policy\": {}}"))
			.isEqualTo(ValidationError.stringType(List.of("body", "run_id"), null));
	}

	@Test
	void optionalStringsRejectValuesThatAreNotStrings() {
		List<ValidationError> errors = errors("""
				{"run_id": "r1", "env": {"env_name": true}, "policy": {"policy_id": 1.5}, "on_done": [],
				 "training_session_id": 3, "synth_base_url": {}, "trace_correlation_id": false}""");
		assertThat(errors).containsExactly(ValidationError.stringType(List.of("body", "env", "env_name"), true),
				ValidationError.stringType(List.of("body", "policy", "policy_id"), 1.5),
				ValidationError.stringType(List.of("body", "on_done"), null),
				ValidationError.stringType(List.of("body", "training_session_id"), 3),
				ValidationError.stringType(List.of("body", "synth_base_url"), null),
				ValidationError.stringType(List.of("body", "trace_correlation_id"), false));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "42|42", "-7|-7", "42.0|42", "1e3|1000", "'\"42\"'|42", "'\" 42 \"'|42",
			"'\"+7\"'|7", "'\"-0\"'|0", "'\"007\"'|7", "'\"1_000\"'|1000", "'\"42.00\"'|42",
			"'\"2147483647\"'|2147483647", "-2147483648|-2147483648", "true|1", "false|0" })
	void seedAcceptsIntegersWholeFloatsNumericStringsAndBooleans(String json, int expected) {
		assertThat(valid(withEnv("{\"seed\": " + json + "}")).env().seed()).isEqualTo(expected);
	}

	@Test
	void seedWithAFractionalPartIsIntFromFloat() {
		assertThat(singleError(withEnv("{\"seed\": 42.5}"))).isEqualTo(new ValidationError("int_from_float",
				List.of("body", "env", "seed"), "Input should be a valid integer, got a number with a fractional part",
				42.5, null));
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "4.5", "", " ", "1__0", "_1", "1_", "0x10", "1e3", "+-1", "42.", "٤٢" })
	void seedThatIsAnotherStringIsIntParsing(String seed) {
		assertThat(singleError(withEnv("{\"seed\": \"" + seed + "\"}"))).isEqualTo(new ValidationError("int_parsing",
				List.of("body", "env", "seed"), "Input should be a valid integer, unable to parse string as an integer",
				seed, null));
	}

	@ParameterizedTest
	@ValueSource(strings = { "[1]", "{\"value\": 1}" })
	void seedThatIsAnObjectOrArrayIsIntTypeWithoutInput(String seed) {
		assertThat(singleError(withEnv("{\"seed\": " + seed + "}"))).isEqualTo(
				new ValidationError("int_type", List.of("body", "env", "seed"), "Input should be a valid integer", null,
						null));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2147483648", "-2147483649", "1e10", "123456789012345678901234567890", "\"99999999999\"",
			"\"-2147483649\"" })
	void seedOutsideTheIntRangeIsRejected(String seed) {
		ValidationError error = singleError(withEnv("{\"seed\": " + seed + "}"));
		assertThat(error.type()).isEqualTo("int_parsing");
		assertThat(error.loc()).containsExactly("body", "env", "seed");
		assertThat(error.msg())
			.isEqualTo("Input should be a valid integer, the number is outside the range -2147483648 to 2147483647");
		assertThat(error.input()).isNotNull();
	}

	@Test
	void hugeIntegerInputIsKeptExactly() {
		assertThat(singleError(withEnv("{\"seed\": 123456789012345678901234567890}")).input())
			.isEqualTo(new BigInteger("123456789012345678901234567890"));
	}

	@Test
	void maxOpsIsRequiredToBeAnIntegerWhenGiven() {
		assertThat(errors(withSafety("{\"max_ops\": null}")))
			.containsExactly(ValidationError.intType(List.of("body", "safety", "max_ops"), null));
		assertThat(valid(withSafety("{\"max_ops\": \"12\"}")).safety().maxOps()).isEqualTo(12);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "7|7.0", "2.5|2.5", "'\"12.5\"'|12.5", "'\" 1e3 \"'|1000.0", "'\"-.5\"'|-0.5",
			"'\"1_000.5\"'|1000.5", "'\"+3\"'|3.0", "true|1.0", "'\"inf\"'|Infinity", "'\"-Infinity\"'|-Infinity" })
	void maxTimeAcceptsNumbersNumericStringsAndBooleans(String json, double expected) {
		assertThat(valid(withSafety("{\"max_time_s\": " + json + "}")).safety().maxTimeS()).isEqualTo(expected);
	}

	@Test
	void maxTimeOfNotANumberStringIsReadAsNaN() {
		assertThat(valid(withSafety("{\"max_time_s\": \"NaN\"}")).safety().maxTimeS()).isNaN();
	}

	@ParameterizedTest
	@ValueSource(strings = { "soon", "", "1.2.3", "0x1p3", "1.5d", "e5", "1e", "1__0", "_1" })
	void maxTimeThatIsAnotherStringIsFloatParsing(String maxTime) {
		assertThat(singleError(withSafety("{\"max_time_s\": \"" + maxTime + "\"}")))
			.isEqualTo(new ValidationError("float_parsing", List.of("body", "safety", "max_time_s"),
					"Input should be a valid number, unable to parse string as a number", maxTime, null));
	}

	@ParameterizedTest
	@ValueSource(strings = { "null", "[]", "{}" })
	void maxTimeOfTheWrongTypeIsFloatType(String maxTime) {
		assertThat(singleError(withSafety("{\"max_time_s\": " + maxTime + "}"))).isEqualTo(new ValidationError(
				"float_type", List.of("body", "safety", "max_time_s"), "Input should be a valid number", null, null));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "true|true", "false|false", "1|true", "0|false", "1.0|true", "0.0|false",
			"'\"true\"'|true", "'\"False\"'|false", "'\"YES\"'|true", "'\"no\"'|false", "'\"on\"'|true",
			"'\"Off\"'|false", "'\"t\"'|true", "'\"F\"'|false", "'\"y\"'|true", "'\"n\"'|false", "'\"1\"'|true",
			"'\"0\"'|false" })
	void booleansAcceptPydanticsValues(String json, boolean expected) {
		assertThat(valid(withRecord("{\"return_trace\": " + json + "}")).record().returnTrace()).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "'\"maybe\"'|bool_parsing", "'\" true\"'|bool_parsing",
			"'\"\"'|bool_parsing", "2|bool_parsing", "-1|bool_parsing", "2.0|bool_parsing", "0.5|bool_type",
			"null|bool_type", "[]|bool_type", "{}|bool_type" })
	void booleansRejectOtherValues(String json, String type) {
		ValidationError error = singleError(withRecord("{\"logprobs\": " + json + "}"));
		assertThat(error.type()).isEqualTo(type);
		assertThat(error.loc()).containsExactly("body", "record", "logprobs");
		assertThat(error.msg()).isEqualTo(type.equals("bool_parsing")
				? "Input should be a valid boolean, unable to interpret input" : "Input should be a valid boolean");
	}

	@Test
	void unknownModeIsAnEnumErrorNamingTheAllowedValues() {
		assertThat(singleError("{\"run_id\": \"r1\", \"env\": {}, \"policy\": {}, \"mode\": \"train\"}"))
			.isEqualTo(new ValidationError("enum", List.of("body", "mode"), "Input should be 'rl' or 'eval'", "train",
					Map.of("expected", "'rl' or 'eval'")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "5", "true", "\"RL\"", "\"\"" })
	void modeOfAnotherValueOrTypeIsAnEnumError(String mode) {
		ValidationError error = singleError("{\"run_id\": \"r1\", \"env\": {}, \"policy\": {}, \"mode\": " + mode + "}");
		assertThat(error.type()).isEqualTo("enum");
		assertThat(error.ctx()).isEqualTo(Map.of("expected", "'rl' or 'eval'"));
	}

	@Test
	void modeMayBeAbsentOrNull() {
		assertThat(valid(MINIMAL).mode()).isNull();
		assertThat(valid("{\"run_id\": \"r1\", \"env\": {}, \"policy\": {}, \"mode\": null}").mode()).isNull();
		assertThat(valid("{\"run_id\": \"r1\", \"env\": {}, \"policy\": {}, \"mode\": \"rl\"}").mode())
			.isEqualTo(RolloutMode.RL);
	}

	@Test
	void unknownOutputModeAndTraceFormatAreEnumErrors() {
		assertThat(errors("""
				{"run_id": "r1", "env": {}, "policy": {"output_mode": "json"}, "record": {"trace_format": []}}"""))
			.containsExactly(
					ValidationError.enumValue(List.of("body", "policy", "output_mode"),
							"'tool_calls', 'text' or 'structured'", "json"),
					new ValidationError("enum", List.of("body", "record", "trace_format"),
							"Input should be 'compact', 'full' or 'structured'", null,
							Map.of("expected", "'compact', 'full' or 'structured'")));
	}

	@Test
	void nestedModelThatIsNotAnObjectIsModelAttributesType() {
		List<ValidationError> errors = errors("""
				{"run_id": "r1", "env": "banking", "policy": {"structured_config": 3}, "record": [true],
				 "safety": false}""");
		String message = "Input should be a valid dictionary or object to extract fields from";
		assertThat(errors).containsExactly(
				new ValidationError("model_attributes_type", List.of("body", "env"), message, "banking", null),
				new ValidationError("model_attributes_type", List.of("body", "policy", "structured_config"), message, 3,
						null),
				new ValidationError("model_attributes_type", List.of("body", "record"), message, null, null),
				new ValidationError("model_attributes_type", List.of("body", "safety"), message, false, null));
	}

	@Test
	void envAndPolicyMustNotBeNull() {
		assertThat(errors("{\"run_id\": \"r1\", \"env\": null, \"policy\": null}")).containsExactly(
				ValidationError.modelAttributesType(List.of("body", "env"), null),
				ValidationError.modelAttributesType(List.of("body", "policy"), null));
	}

	@Test
	void freeFormObjectThatIsNotAnObjectIsDictType() {
		List<ValidationError> errors = errors("""
				{"run_id": "r1", "env": {"config": ["split"]},
				 "policy": {"config": "gpt", "structured_config": {"schema": null}}}""");
		assertThat(errors).containsExactly(
				new ValidationError("dict_type", List.of("body", "env", "config"), "Input should be a valid dictionary",
						null, null),
				ValidationError.dictType(List.of("body", "policy", "config"), "gpt"),
				ValidationError.dictType(List.of("body", "policy", "structured_config", "schema"), null));
	}

	@Test
	void structuredConfigWithoutSchemaIsMissingTheSchema() {
		assertThat(singleError("{\"run_id\": \"r1\", \"env\": {}, \"policy\": {\"structured_config\": {\"strict\": true}}}"))
			.isEqualTo(ValidationError.missing(List.of("body", "policy", "structured_config", "schema")));
	}

	@Test
	void structuredConfigIsReadWithItsDefaults() {
		RolloutRequest request = valid("""
				{"run_id": "r1", "env": {}, "policy": {"structured_config": {"schema": {"type": "object"},
				                                                            "schema_name": null}}}""");
		assertThat(request.policy().structuredConfig())
			.isEqualTo(new StructuredOutputConfig(Map.of("type", "object"), "response", true));
	}

	@Test
	void opsMayBeAbsentNullOrAListOfAnything() {
		assertThat(valid(MINIMAL).ops()).isEmpty();
		assertThat(valid("{\"run_id\": \"r1\", \"env\": {}, \"policy\": {}, \"ops\": null}").ops()).isEmpty();
		List<Object> ops = valid("""
				{"run_id": "r1", "env": {}, "policy": {}, "ops": ["agent", "env", {"op": "step"}, 1, null, [true]]}""")
			.ops();
		assertThat(ops).containsExactly("agent", "env", Map.of("op", "step"), 1, null, List.of(true));
	}

	@Test
	void opsThatIsNotAListIsListType() {
		assertThat(singleError("{\"run_id\": \"r1\", \"env\": {}, \"policy\": {}, \"ops\": \"agent\"}"))
			.isEqualTo(new ValidationError("list_type", List.of("body", "ops"), "Input should be a valid list", "agent",
					null));
		assertThat(singleError("{\"run_id\": \"r1\", \"env\": {}, \"policy\": {}, \"ops\": {\"op\": 1}}"))
			.isEqualTo(ValidationError.listType(List.of("body", "ops"), null));
	}

	@Test
	void unknownFieldsAreIgnoredAtEveryLevel() {
		RolloutRequest request = valid("""
				{"run_id": "r1", "extra": {"deep": [1, {"x": null}]}, "context_overrides": [{"x": 1}],
				 "env": {"seed": 2, "future": true, "nested": {"a": [1, 2]}},
				 "policy": {"config": {}, "policy_version": "v2",
				            "structured_config": {"schema": {}, "flavour": "json"}},
				 "record": {"new_flag": 1, "trace_format": "full"}, "safety": {"max_gpu": [1]},
				 "override_bundle_id": null}""");
		assertThat(request.runId()).isEqualTo("r1");
		assertThat(request.env().seed()).isEqualTo(2);
		assertThat(request.policy().structuredConfig()).isNotNull();
		assertThat(request.record().traceFormat()).isEqualTo(TraceFormat.FULL);
		assertThat(request.safety()).isEqualTo(RolloutSafetyConfig.DEFAULTS);
	}

	@Test
	void deepFreeFormNestingIsPreserved() {
		RolloutRequest request = valid("""
				{"run_id": "r1", "env": {}, "policy": {"config": {
				   "z": 1, "a": {"y": [1, 2.5, "three", true, false, null, {"k": {"j": [[], {}]}}], "b": -9},
				   "long": 9007199254740993, "big": 123456789012345678901234567890, "exp": 1e3, "m": {}}}}""");
		Map<String, Object> config = request.policy().config();
		assertThat(config.keySet()).containsExactly("z", "a", "long", "big", "exp", "m");
		assertThat(config.get("z")).isEqualTo(1);
		assertThat(config.get("long")).isEqualTo(9007199254740993L);
		assertThat(config.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
		assertThat(config.get("exp")).isEqualTo(1000.0);
		assertThat(config.get("m")).isEqualTo(Map.of());
		@SuppressWarnings("unchecked")
		Map<String, Object> a = (Map<String, Object>) config.get("a");
		assertThat(a.keySet()).containsExactly("y", "b");
		List<Object> expected = new ArrayList<>(List.of(1, 2.5, "three", true, false));
		expected.add(null);
		expected.add(Map.of("k", Map.of("j", List.of(List.of(), Map.of()))));
		assertThat(a.get("y")).isEqualTo(expected);
		assertThat(a.get("b")).isEqualTo(-9);
	}

	@Test
	void freeFormObjectsAreImmutableAndKeptByTheRequestAsRead() {
		RolloutRequest request = valid("""
				{"run_id": "r1", "env": {"config": {"split": "train"}}, "policy": {"config": {
				   "model": "m", "model": "m2", "prompt_template": {"sections": [{"role": "system"}]}}}}""");
		Map<String, Object> config = request.policy().config();
		assertThat(config).containsExactly(Map.entry("model", "m2"),
				Map.entry("prompt_template", Map.of("sections", List.of(Map.of("role", "system")))));
		assertThat(new RolloutPolicySpec(null, null, config, null, null).config()).isSameAs(config);
		assertThat(new RolloutEnvSpec(null, null, request.env().config(), null).config())
			.isSameAs(request.env().config());
		@SuppressWarnings("unchecked")
		Map<String, Object> template = (Map<String, Object>) config.get("prompt_template");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> config.put("model", "x"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> template.remove("sections"));
	}

	@Test
	void stringsRepeatedFromOneRequestToTheNextAreShared() {
		String body = """
				{"run_id": "%s", "env": {"config": {"split": "train"}}, "policy": {"policy_name": "bench",
				   "config": {"prompt_template": {"sections": [{"role": "system", "content": "Classify it."}]}}}}""";
		RolloutRequest first = valid(body.formatted("r1"));
		RolloutRequest second = valid(body.formatted("r2"));
		assertThat(second.policy().policyName()).isSameAs(first.policy().policyName());
		assertThat(second.env().config().get("split")).isSameAs(first.env().config().get("split"));
		assertThat(section(second).get("content")).isSameAs(section(first).get("content"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> section(RolloutRequest request) {
		Map<String, Object> template = (Map<String, Object>) request.policy().config().get("prompt_template");
		return ((List<Map<String, Object>>) template.get("sections")).get(0);
	}

	@Test
	void repeatedKeyKeepsItsLastValue() {
		assertThat(valid("""
				{"run_id": 1, "run_id": "r2", "env": {"seed": "x", "seed": 3}, "env": {"seed": 4}, "policy": {}}"""))
			.satisfies((request) -> {
				assertThat(request.runId()).isEqualTo("r2");
				assertThat(request.env().seed()).isEqualTo(4);
			});
		assertThat(errors("""
				{"run_id": "r1", "env": {"seed": 4}, "env": {"seed": "x"}, "policy": {}, "mode": "rl", "mode": 1}"""))
			.extracting(ValidationError::loc)
			.containsExactly(List.of("body", "env", "seed"), List.of("body", "mode"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "42|42", "'\"text\"'|text", "true|true", "'[1, 2]'|", "'[]'|" })
	void bodyThatIsNotAnObjectIsModelAttributesType(String body, String input) {
		Object expectedInput = switch (body) {
			case "42" -> 42;
			case "true" -> true;
			default -> input;
		};
		assertThat(singleError(body)).isEqualTo(new ValidationError("model_attributes_type", List.of("body"),
				"Input should be a valid dictionary or object to extract fields from", expectedInput, null));
	}

	@Test
	void nullBodyIsMissing() {
		assertThat(singleError(" null ")).isEqualTo(ValidationError.missing(List.of("body")));
	}

	@Test
	void emptyBodyIsMissing() {
		assertThat(this.reader.read(new byte[0])).isEqualTo(new RolloutRequestReader.Invalid(
				List.of(new ValidationError("missing", List.of("body"), "Field required", null, null))));
	}

	@Test
	void whitespaceOnlyBodyIsMalformed() {
		assertThat(singleError(" \n\t ")).isEqualTo(ValidationError.jsonInvalid(4, "Expecting value"));
	}

	@Test
	void truncatedBodyIsMalformedAtItsEnd() {
		assertThat(singleError("{\"run_id\": \"r1\", ")).isEqualTo(new ValidationError("json_invalid",
				List.of("body", 17), "JSON decode error", Map.of(), Map.of("error", "Unexpected end of input")));
		assertThat(singleError("{\"run_id\": \"r1")).isEqualTo(ValidationError.jsonInvalid(14, "Unexpected end of input"));
	}

	@Test
	void trailingGarbageIsExtraData() {
		assertThat(singleError(MINIMAL + " x")).isEqualTo(ValidationError.jsonInvalid(MINIMAL.length() + 1, "Extra data"));
		assertThat(singleError(MINIMAL + "}")).isEqualTo(ValidationError.jsonInvalid(MINIMAL.length(), "Extra data"));
		assertThat(singleError(MINIMAL + "\n" + MINIMAL))
			.isEqualTo(ValidationError.jsonInvalid(MINIMAL.length() + 1, "Extra data"));
		assertThat(singleError("42 x")).isEqualTo(ValidationError.jsonInvalid(3, "Extra data"));
		assertThat(singleError("null,")).isEqualTo(ValidationError.jsonInvalid(4, "Extra data"));
	}

	@Test
	void malformedJsonWinsOverValidationErrors() {
		assertThat(errors("{\"run_id\": 1, \"env\": \"x\", \"policy\": [} ")).extracting(ValidationError::type)
			.containsExactly("json_invalid");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "'{a: 1}'|1|Expecting property name enclosed in double quotes",
			"'{\"a\" 1}'|5|Expecting ':' delimiter", "'{\"a\": 1 \"b\": 2}'|8|Expecting ',' delimiter",
			"'{\"a\": [1 2]}'|9|Expecting ',' delimiter", "'{\"a\": tru}'|6|Expecting value",
"'{\"a\": 1,}'|8|Expecting property name enclosed in double quotes",
			"'{\"a\": \"\\q\"}'|8|Invalid \\escape", "'{\"a\": 01}'|7|Invalid number",
			"'{\"a\": ]'|6|Expecting value", "'[1}'|2|Unexpected closing bracket" })
	void malformedJsonIsReportedWithAShortReasonAndItsOffset(String body, int offset, String reason) {
		assertThat(singleError(body)).isEqualTo(ValidationError.jsonInvalid(offset, reason));
	}

	@Test
	void controlCharacterInAStringIsMalformed() {
		assertThat(singleError("{\"a\": \"x\ny\"}").ctx()).isEqualTo(Map.of("error", "Invalid control character in string"));
	}

	@Test
	void malformedJsonOffsetCountsCharactersNotBytes() {
		String body = "{\"prompt\": \"héllo ☃ \uD83D\uDE00\", x}";
		assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(body.length() + 1 + 2 + 2);
		assertThat(singleError(body).loc()).containsExactly("body", body.codePointCount(0, body.indexOf('x')));
	}

	@Test
	void invalidUtf8IsMalformed() {
		byte[] body = { '{', '"', 'r', 'u', 'n', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, '(', '"', '}' };
		ValidationError error = single(this.reader.read(body));
		assertThat(error.type()).isEqualTo("json_invalid");
		assertThat(error.ctx()).isEqualTo(Map.of("error", "Invalid UTF-8"));
	}

	@Test
	void nestingBeyondTheParsersLimitIsMalformed() {
		String deep = "[".repeat(2000) + "]".repeat(2000);
		ValidationError error = singleError("{\"run_id\": \"r1\", \"env\": {}, \"policy\": {\"config\": {\"x\": " + deep
				+ "}}}");
		assertThat(error.type()).isEqualTo("json_invalid");
		assertThat(error.ctx()).isEqualTo(
				Map.of("error", "Document exceeds the parser's limits (nesting depth, number or string length)"));
	}

	@Test
	void malformedJsonNeverEchoesTheBody() {
		String secret = "sk-secret-value-1234567890";
		ValidationError error = singleError("{\"api_key\": \"" + secret + "\", " + secret + "}");
		assertThat(TaskAppJson.mapper().writeValueAsString(error)).doesNotContain("secret");
	}

	@Test
	void stringInputIsCutTo100Characters() {
		String runId = "x".repeat(150);
		assertThat(singleError(withEnv("{\"seed\": \"" + runId + "\"}")).input()).isEqualTo("x".repeat(100));
		String emoji = "y".repeat(99) + "\uD83D\uDE00" + "z";
		assertThat(singleError(withEnv("{\"seed\": \"" + emoji + "\"}")).input()).isEqualTo("y".repeat(99));
	}

	@Test
	void oneMegabyteBodyIsRead() {
		StringBuilder body = new StringBuilder("{\"run_id\": \"big\", \"env\": {\"seed\": 1}, \"policy\": {\"config\": {\"examples\": [");
		String text = "How do I reset my PIN? ".repeat(8);
		int count = 0;
		while (body.length() < 1_048_576) {
			body.append((count > 0) ? ", " : "").append("{\"id\": ").append(count).append(", \"text\": \"").append(text)
				.append("\", \"labels\": [\"change_pin\", 0.5, true]}");
			count++;
		}
		body.append("]}}, \"ops\": [], \"mode\": \"eval\"}");
		byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
		assertThat(bytes.length).isGreaterThan(1_048_576);
		RolloutRequest request = valid(bytes);
		List<?> examples = (List<?>) request.policy().config().get("examples");
		assertThat(examples).hasSize(count);
		assertThat(examples.get(count - 1)).isEqualTo(Map.of("id", count - 1, "text", text, "labels",
				List.of("change_pin", 0.5, true)));
	}

	@Test
	void validationErrorIsSerialisedWithoutNullMembers() {
		assertThat(TaskAppJson.mapper().writeValueAsString(ValidationError.missing(List.of("body", "run_id"))))
			.isEqualTo("{\"type\":\"missing\",\"loc\":[\"body\",\"run_id\"],\"msg\":\"Field required\"}");
	}

	@Test
	void validationErrorIsSerialisedWithItsInputAndContext() {
		ValidationError error = singleError("{\"run_id\": \"r1\", \"env\": {}, \"policy\": {}, \"mode\": \"train\"}");
		assertThat(TaskAppJson.mapper().writeValueAsString(Map.of("detail", List.of(error))))
			.isEqualTo("{\"detail\":[{\"type\":\"enum\",\"loc\":[\"body\",\"mode\"],"
					+ "\"msg\":\"Input should be 'rl' or 'eval'\",\"input\":\"train\","
					+ "\"ctx\":{\"expected\":\"'rl' or 'eval'\"}}]}");
	}

	@Test
	void jsonInvalidIsSerialisedAsFastApiDoes() {
		assertThat(TaskAppJson.mapper().writeValueAsString(singleError("{\"run_id\": ")))
			.isEqualTo("{\"type\":\"json_invalid\",\"loc\":[\"body\",11],\"msg\":\"JSON decode error\",\"input\":{},"
					+ "\"ctx\":{\"error\":\"Unexpected end of input\"}}");
	}

	@Test
	void numericInputsAreSerialisedAsNumbers() {
		assertThat(TaskAppJson.mapper().writeValueAsString(singleError(withEnv("{\"seed\": 2.5}"))))
			.contains("\"input\":2.5").contains("\"loc\":[\"body\",\"env\",\"seed\"]");
	}

	private static String withEnv(String env) {
		return "{\"run_id\": \"r1\", \"env\": " + env + ", \"policy\": {}}";
	}

	private static String withSafety(String safety) {
		return "{\"run_id\": \"r1\", \"env\": {}, \"policy\": {}, \"safety\": " + safety + "}";
	}

	private static String withRecord(String record) {
		return "{\"run_id\": \"r1\", \"env\": {}, \"policy\": {}, \"record\": " + record + "}";
	}

	private RolloutRequest valid(String body) {
		return valid(body.getBytes(StandardCharsets.UTF_8));
	}

	private RolloutRequest valid(byte[] body) {
		RolloutRequestReader.Result result = this.reader.read(body);
		assertThat(result).isInstanceOf(RolloutRequestReader.Valid.class);
		return ((RolloutRequestReader.Valid) result).request();
	}

	private List<ValidationError> errors(String body) {
		RolloutRequestReader.Result result = this.reader.read(body.getBytes(StandardCharsets.UTF_8));
		assertThat(result).isInstanceOf(RolloutRequestReader.Invalid.class);
		return ((RolloutRequestReader.Invalid) result).errors();
	}

	private ValidationError singleError(String body) {
		return single(this.reader.read(body.getBytes(StandardCharsets.UTF_8)));
	}

	private static ValidationError single(RolloutRequestReader.Result result) {
		assertThat(result).isInstanceOf(RolloutRequestReader.Invalid.class);
		List<ValidationError> errors = ((RolloutRequestReader.Invalid) result).errors();
		assertThat(errors).hasSize(1);
		return errors.get(0);
	}

}
