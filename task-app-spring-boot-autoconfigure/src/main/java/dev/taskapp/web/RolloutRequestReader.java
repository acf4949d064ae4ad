package dev.taskapp.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.taskapp.contract.OutputMode;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutMode;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRecordConfig;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutSafetyConfig;
import dev.taskapp.contract.StructuredOutputConfig;
import dev.taskapp.contract.TraceFormat;
import dev.taskapp.support.JsonObjectMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of {@code POST /rollout} into a {@link RolloutRequest}, validating it as
 * FastAPI and pydantic v2 (lax mode) validate the reference server's {@code RolloutRequest}
 * and reporting every error, not only the first, in the order pydantic would.
 * <p>
 * The body is parsed once, as a token stream. Values are coerced as pydantic does for a
 * parsed JSON body: integers accept whole floats, numeric strings and booleans; numbers accept
 * numeric strings; booleans accept {@code 0}, {@code 1} and words such as {@code "yes"};
 * strings accept strings only. Unknown fields are ignored at every level, and where a key is
 * repeated its last value counts. The choices of our wire contract are applied too:
 * {@code ops}, {@code mode}, {@code record} and {@code safety} may be absent or {@code null}.
 * Free-form parts ({@code env.config}, {@code policy.config}, {@code ops},
 * {@code structured_config.schema}) become immutable {@link JsonObjectMap}s, {@link ArrayList},
 * {@link String}, {@link Integer}, {@link Long}, {@link java.math.BigInteger}, {@link Double},
 * {@link Boolean} and {@code null}, keys in body order.
 * <p>
 * Instances are immutable and thread-safe.
 */
public final class RolloutRequestReader {

	private static final String BODY = "body";

	private static final List<Object> BODY_LOC = List.of(BODY);

	private static final Invalid BODY_MISSING = new Invalid(List.of(ValidationError.missing(BODY_LOC)));

	private static final int MAX_INPUT_LENGTH = 100;

	private static final RepeatedStrings REPEATED_STRINGS = new RepeatedStrings();

	private static final int MAX_INT_DIGITS = 10;

	private static final String MODES = "'rl' or 'eval'";

	private static final String OUTPUT_MODES = "'tool_calls', 'text' or 'structured'";

	private static final String TRACE_FORMATS = "'compact', 'full' or 'structured'";

	/**
	 * Fragments of the parser's messages and the short reasons reported for them, in the
	 * wording of Python's {@code json} module where it has one. The parser's own messages
	 * quote the body, so they are never passed on.
	 */
	private static final String[][] DECODE_REASONS = { { "end-of-input", "Unexpected end of input" },
			{ "double-quote to start property name", "Expecting property name enclosed in double quotes" },
			{ "colon to separate", "Expecting ':' delimiter" }, { "comma to separate", "Expecting ',' delimiter" },
			{ "separating root-level values", "Extra data" }, { "Unrecognized token", "Expecting value" },
			{ "Non-standard token", "Expecting value" }, { "expected a value", "Expecting value" },
			{ "expected a valid value", "Expecting value" },
			{ "close marker", "Unexpected closing bracket" },
			{ "Illegal unquoted character", "Invalid control character in string" },
			{ "character escape", "Invalid \\escape" }, { "UTF-8", "Invalid UTF-8" },
			{ "numeric value", "Invalid number" } };

	private final JsonMapper mapper;

	/**
	 * Creates a reader that parses bodies with the given mapper's stream settings.
	 * @param mapper the mapper, usually {@link dev.taskapp.support.TaskAppJson#mapper()}
	 */
	public RolloutRequestReader(JsonMapper mapper) {
		this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
	}

	/**
	 * Reads and validates a rollout request body.
	 * @param body the raw body, empty when the request had none
	 * @return the request, or every validation error
	 */
	public Result read(byte[] body) {
		if (body.length == 0) {
			return BODY_MISSING;
		}
		JsonParser parser = null;
		try {
			parser = this.mapper.createParser(body);
			return readDocument(parser, body);
		}
		catch (JacksonException ex) {
			return malformed(body, ex, parser);
		}
		finally {
			if (parser != null) {
				parser.close();
			}
		}
	}

	private Result readDocument(JsonParser parser, byte[] body) {
		JsonToken first = parser.nextToken();
		if (first == null) {
			return malformed(body, body.length, "Expecting value");
		}
		Errors errors = new Errors();
		RolloutRequest request = null;
		Result rootError = null;
		if (first == JsonToken.START_OBJECT) {
			request = readRequest(parser, errors);
		}
		else if (first == JsonToken.VALUE_NULL) {
			rootError = BODY_MISSING;
		}
		else {
			rootError = new Invalid(List.of(ValidationError.modelAttributesType(BODY_LOC, scalarInput(parser))));
		}
		int extraData = trailingDataOffset(body, parser.currentLocation().getByteOffset());
		if (extraData >= 0) {
			return malformed(body, extraData, "Extra data");
		}
		if (rootError != null) {
			return rootError;
		}
		return (request != null) ? new Valid(request) : new Invalid(errors.inFieldOrder());
	}

	private static @Nullable RolloutRequest readRequest(JsonParser parser, Errors errors) {
		String runId = null;
		RolloutEnvSpec env = null;
		RolloutPolicySpec policy = null;
		List<Object> ops = List.of();
		RolloutRecordConfig record = null;
		String onDone = null;
		RolloutSafetyConfig safety = null;
		String trainingSessionId = null;
		String synthBaseUrl = null;
		RolloutMode mode = null;
		String traceCorrelationId = null;
		boolean hasRunId = false;
		boolean hasEnv = false;
		boolean hasPolicy = false;
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "run_id" -> {
					runId = readString(parser, Field.RUN_ID, false, errors);
					hasRunId = true;
				}
				case "env" -> {
					env = readEnv(parser, errors);
					hasEnv = true;
				}
				case "policy" -> {
					policy = readPolicy(parser, errors);
					hasPolicy = true;
				}
				case "ops" -> ops = readOps(parser, errors);
				case "record" -> record = (token != JsonToken.VALUE_NULL) ? readRecord(parser, errors)
						: forgetAndNull(Field.RECORD, errors);
				case "on_done" -> onDone = readString(parser, Field.ON_DONE, true, errors);
				case "safety" -> safety = (token != JsonToken.VALUE_NULL) ? readSafety(parser, errors)
						: forgetAndNull(Field.SAFETY, errors);
				case "training_session_id" ->
					trainingSessionId = readString(parser, Field.TRAINING_SESSION_ID, true, errors);
				case "synth_base_url" -> synthBaseUrl = readString(parser, Field.SYNTH_BASE_URL, true, errors);
				case "mode" -> mode = readEnum(parser, Field.MODE, RolloutMode::fromWire, MODES, errors);
				case "trace_correlation_id" ->
					traceCorrelationId = readString(parser, Field.TRACE_CORRELATION_ID, true, errors);
				default -> parser.skipChildren();
			}
		}
		requirePresent(hasRunId, Field.RUN_ID, errors);
		requirePresent(hasEnv, Field.ENV, errors);
		requirePresent(hasPolicy, Field.POLICY, errors);
		if (errors.size() > 0) {
			return null;
		}
		return new RolloutRequest(runId, env, policy, ops, record, onDone, safety, trainingSessionId, synthBaseUrl,
				mode, traceCorrelationId);
	}

	private static @Nullable RolloutEnvSpec readEnv(JsonParser parser, Errors errors) {
		errors.forget(Field.ENV);
		if (!isObject(parser, Field.ENV, errors)) {
			return null;
		}
		int errorsBefore = errors.size();
		String envId = null;
		String envName = null;
		Map<String, Object> config = null;
		Integer seed = null;
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			parser.nextToken();
			switch (name) {
				case "env_id" -> envId = readString(parser, Field.ENV_ID, true, errors);
				case "env_name" -> envName = readString(parser, Field.ENV_NAME, true, errors);
				case "config" -> config = readDict(parser, Field.ENV_CONFIG, errors);
				case "seed" -> seed = readInt(parser, Field.ENV_SEED, true, errors);
				default -> parser.skipChildren();
			}
		}
		return (errors.size() == errorsBefore) ? new RolloutEnvSpec(envId, envName, config, seed) : null;
	}

	private static @Nullable RolloutPolicySpec readPolicy(JsonParser parser, Errors errors) {
		errors.forget(Field.POLICY);
		if (!isObject(parser, Field.POLICY, errors)) {
			return null;
		}
		int errorsBefore = errors.size();
		String policyId = null;
		String policyName = null;
		Map<String, Object> config = null;
		OutputMode outputMode = null;
		StructuredOutputConfig structuredConfig = null;
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "policy_id" -> policyId = readString(parser, Field.POLICY_ID, true, errors);
				case "policy_name" -> policyName = readString(parser, Field.POLICY_NAME, true, errors);
				case "config" -> config = readDict(parser, Field.POLICY_CONFIG, errors);
				case "output_mode" ->
					outputMode = readEnum(parser, Field.OUTPUT_MODE, OutputMode::fromWire, OUTPUT_MODES, errors);
				case "structured_config" -> structuredConfig = (token != JsonToken.VALUE_NULL)
						? readStructuredConfig(parser, errors) : forgetAndNull(Field.STRUCTURED_CONFIG, errors);
				default -> parser.skipChildren();
			}
		}
		return (errors.size() == errorsBefore)
				? new RolloutPolicySpec(policyId, policyName, config, outputMode, structuredConfig) : null;
	}

	private static @Nullable StructuredOutputConfig readStructuredConfig(JsonParser parser, Errors errors) {
		errors.forget(Field.STRUCTURED_CONFIG);
		if (!isObject(parser, Field.STRUCTURED_CONFIG, errors)) {
			return null;
		}
		int errorsBefore = errors.size();
		Map<String, Object> schema = null;
		String schemaName = null;
		Boolean strict = Boolean.TRUE;
		boolean hasSchema = false;
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			parser.nextToken();
			switch (name) {
				case "schema" -> {
					schema = readDict(parser, Field.SCHEMA, errors);
					hasSchema = true;
				}
				case "schema_name" -> schemaName = readString(parser, Field.SCHEMA_NAME, true, errors);
				case "strict" -> strict = readBool(parser, Field.STRICT, errors);
				default -> parser.skipChildren();
			}
		}
		requirePresent(hasSchema, Field.SCHEMA, errors);
		return (errors.size() == errorsBefore && strict != null)
				? new StructuredOutputConfig(schema, schemaName, strict) : null;
	}

	private static @Nullable RolloutRecordConfig readRecord(JsonParser parser, Errors errors) {
		errors.forget(Field.RECORD);
		if (!isObject(parser, Field.RECORD, errors)) {
			return null;
		}
		int errorsBefore = errors.size();
		RolloutRecordConfig defaults = RolloutRecordConfig.DEFAULTS;
		Boolean trajectories = defaults.trajectories();
		Boolean logprobs = defaults.logprobs();
		Boolean value = defaults.value();
		Boolean returnTrace = defaults.returnTrace();
		TraceFormat traceFormat = null;
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			parser.nextToken();
			switch (name) {
				case "trajectories" -> trajectories = readBool(parser, Field.TRAJECTORIES, errors);
				case "logprobs" -> logprobs = readBool(parser, Field.LOGPROBS, errors);
				case "value" -> value = readBool(parser, Field.VALUE, errors);
				case "return_trace" -> returnTrace = readBool(parser, Field.RETURN_TRACE, errors);
				case "trace_format" ->
					traceFormat = readEnum(parser, Field.TRACE_FORMAT, TraceFormat::fromWire, TRACE_FORMATS, errors);
				default -> parser.skipChildren();
			}
		}
		if (errors.size() != errorsBefore || trajectories == null || logprobs == null || value == null
				|| returnTrace == null) {
			return null;
		}
		return new RolloutRecordConfig(trajectories, logprobs, value, returnTrace, traceFormat);
	}

	private static @Nullable RolloutSafetyConfig readSafety(JsonParser parser, Errors errors) {
		errors.forget(Field.SAFETY);
		if (!isObject(parser, Field.SAFETY, errors)) {
			return null;
		}
		int errorsBefore = errors.size();
		Integer maxOps = RolloutSafetyConfig.DEFAULTS.maxOps();
		Double maxTimeS = RolloutSafetyConfig.DEFAULTS.maxTimeS();
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			parser.nextToken();
			switch (name) {
				case "max_ops" -> maxOps = readInt(parser, Field.MAX_OPS, false, errors);
				case "max_time_s" -> maxTimeS = readFloat(parser, Field.MAX_TIME_S, errors);
				default -> parser.skipChildren();
			}
		}
		if (errors.size() != errorsBefore || maxOps == null || maxTimeS == null) {
			return null;
		}
		return new RolloutSafetyConfig(maxOps, maxTimeS);
	}

	private static <T> @Nullable T forgetAndNull(Field field, Errors errors) {
		errors.forget(field);
		return null;
	}

	private static boolean isObject(JsonParser parser, Field field, Errors errors) {
		if (parser.currentToken() == JsonToken.START_OBJECT) {
			return true;
		}
		errors.add(field, ValidationError.modelAttributesType(field.loc, scalarInput(parser)));
		return false;
	}

	private static void requirePresent(boolean present, Field field, Errors errors) {
		if (!present) {
			errors.add(field, ValidationError.missing(field.loc));
		}
	}

	private static List<Object> readOps(JsonParser parser, Errors errors) {
		errors.forget(Field.OPS);
		JsonToken token = parser.currentToken();
		if (token == JsonToken.START_ARRAY) {
			return readArray(parser);
		}
		if (token != JsonToken.VALUE_NULL) {
			errors.add(Field.OPS, ValidationError.listType(Field.OPS.loc, scalarInput(parser)));
		}
		return List.of();
	}

	private static @Nullable Map<String, Object> readDict(JsonParser parser, Field field, Errors errors) {
		errors.forget(field);
		if (parser.currentToken() == JsonToken.START_OBJECT) {
			return readObject(parser);
		}
		errors.add(field, ValidationError.dictType(field.loc, scalarInput(parser)));
		return null;
	}

	private static @Nullable String readString(JsonParser parser, Field field, boolean nullable, Errors errors) {
		errors.forget(field);
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_STRING) {
			return REPEATED_STRINGS.share(parser.getString());
		}
		if (token != JsonToken.VALUE_NULL || !nullable) {
			errors.add(field, ValidationError.stringType(field.loc, scalarInput(parser)));
		}
		return null;
	}

	private static <E extends Enum<E>> @Nullable E readEnum(JsonParser parser, Field field,
			Function<String, @Nullable E> fromWire, String expected, Errors errors) {
		errors.forget(field);
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token == JsonToken.VALUE_STRING) {
			E value = fromWire.apply(parser.getString());
			if (value != null) {
				return value;
			}
		}
		errors.add(field, ValidationError.enumValue(field.loc, expected, scalarInput(parser)));
		return null;
	}

	private static @Nullable Integer readInt(JsonParser parser, Field field, boolean nullable, Errors errors) {
		errors.forget(field);
		ValidationError error;
		switch (parser.currentToken()) {
			case VALUE_NUMBER_INT -> {
				if (parser.getNumberType() == JsonParser.NumberType.INT) {
					return parser.getIntValue();
				}
				error = ValidationError.intOutOfRange(field.loc, parser.getNumberValue());
			}
			case VALUE_NUMBER_FLOAT -> {
				double number = parser.getDoubleValue();
				if (Double.isInfinite(number)) {
					error = ValidationError.finiteNumber(field.loc, number);
				}
				else if (number % 1 != 0) {
					error = ValidationError.intFromFloat(field.loc, number);
				}
				else if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
					error = ValidationError.intOutOfRange(field.loc, number);
				}
				else {
					return (int) number;
				}
			}
			case VALUE_STRING -> {
				String text = parser.getString();
				long number = LaxNumbers.parseInt(text);
				if (number == LaxNumbers.NOT_AN_INTEGER) {
					error = ValidationError.intParsing(field.loc, truncated(text));
				}
				else if (number == LaxNumbers.OUT_OF_RANGE) {
					error = ValidationError.intOutOfRange(field.loc, truncated(text));
				}
				else {
					return (int) number;
				}
			}
			case VALUE_TRUE -> {
				return 1;
			}
			case VALUE_FALSE -> {
				return 0;
			}
			case VALUE_NULL -> {
				if (nullable) {
					return null;
				}
				error = ValidationError.intType(field.loc, null);
			}
			default -> error = ValidationError.intType(field.loc, scalarInput(parser));
		}
		errors.add(field, error);
		return null;
	}

	private static @Nullable Double readFloat(JsonParser parser, Field field, Errors errors) {
		errors.forget(field);
		ValidationError error;
		switch (parser.currentToken()) {
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
				return parser.getDoubleValue();
			}
			case VALUE_STRING -> {
				String text = parser.getString();
				Double number = LaxNumbers.parseFloat(text);
				if (number != null) {
					return number;
				}
				error = ValidationError.floatParsing(field.loc, truncated(text));
			}
			case VALUE_TRUE -> {
				return 1.0;
			}
			case VALUE_FALSE -> {
				return 0.0;
			}
			default -> error = ValidationError.floatType(field.loc, scalarInput(parser));
		}
		errors.add(field, error);
		return null;
	}

	private static @Nullable Boolean readBool(JsonParser parser, Field field, Errors errors) {
		errors.forget(field);
		ValidationError error;
		switch (parser.currentToken()) {
			case VALUE_TRUE -> {
				return Boolean.TRUE;
			}
			case VALUE_FALSE -> {
				return Boolean.FALSE;
			}
			case VALUE_STRING -> {
				String text = parser.getString();
				Boolean value = LaxNumbers.parseBool(text);
				if (value != null) {
					return value;
				}
				error = ValidationError.boolParsing(field.loc, truncated(text));
			}
			case VALUE_NUMBER_INT -> {
				Number number = parser.getNumberValue();
				if (parser.getNumberType() == JsonParser.NumberType.INT && (number.intValue() & ~1) == 0) {
					return number.intValue() == 1;
				}
				error = ValidationError.boolParsing(field.loc, number);
			}
			case VALUE_NUMBER_FLOAT -> {
				double number = parser.getDoubleValue();
				if (number == 0 || number == 1) {
					return number == 1;
				}
				error = (Double.isFinite(number) && number % 1 == 0) ? ValidationError.boolParsing(field.loc, number)
						: ValidationError.boolType(field.loc, number);
			}
			default -> error = ValidationError.boolType(field.loc, scalarInput(parser));
		}
		errors.add(field, error);
		return null;
	}

	/**
	 * Returns the current value as an error's {@code input}: scalars as they are (strings
	 * cut to {@value #MAX_INPUT_LENGTH} characters), {@code null} for objects and arrays,
	 * which are skipped.
	 */
	private static @Nullable Object scalarInput(JsonParser parser) {
		return switch (parser.currentToken()) {
			case VALUE_STRING -> truncated(parser.getString());
			case VALUE_NUMBER_INT -> parser.getNumberValue();
			case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case START_OBJECT, START_ARRAY -> {
				parser.skipChildren();
				yield null;
			}
			default -> null;
		};
	}

	private static String truncated(String text) {
		if (text.length() <= MAX_INPUT_LENGTH) {
			return text;
		}
		int end = Character.isHighSurrogate(text.charAt(MAX_INPUT_LENGTH - 1)) ? MAX_INPUT_LENGTH - 1
				: MAX_INPUT_LENGTH;
		return text.substring(0, end);
	}

	private static Map<String, Object> readObject(JsonParser parser) {
		JsonObjectMap.Builder map = JsonObjectMap.builder();
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			parser.nextToken();
			map.put(name, readAny(parser));
		}
		return map.build();
	}

	private static List<Object> readArray(JsonParser parser) {
		List<Object> list = new ArrayList<>();
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			list.add(readAny(parser));
		}
		return list;
	}

	private static @Nullable Object readAny(JsonParser parser) {
		return switch (parser.currentToken()) {
			case START_OBJECT -> readObject(parser);
			case START_ARRAY -> readArray(parser);
			case VALUE_STRING -> REPEATED_STRINGS.share(parser.getString());
			case VALUE_NUMBER_INT -> parser.getNumberValue();
			case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			default -> null;
		};
	}

	/**
	 * Returns the byte offset of the first non-whitespace byte after the root value, or -1
	 * when there is none.
	 */
	private static int trailingDataOffset(byte[] body, long rootEnd) {
		for (int i = (int) Math.max(0, Math.min(rootEnd, body.length)); i < body.length; i++) {
			byte b = body[i];
			if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
				return i;
			}
		}
		return -1;
	}

	private static Invalid malformed(byte[] body, JacksonException ex, @Nullable JsonParser parser) {
		TokenStreamLocation location = ex.getLocation();
		if (location == null && parser != null) {
			location = parser.currentLocation();
		}
		long byteOffset = (location != null && location.getByteOffset() >= 0) ? location.getByteOffset() : 0;
		return malformed(body, byteOffset, decodeReason(ex));
	}

	private static Invalid malformed(byte[] body, long byteOffset, String reason) {
		return new Invalid(List.of(ValidationError.jsonInvalid(charOffset(body, byteOffset), reason)));
	}

	/**
	 * Returns the offset in characters (code points, as Python counts them) of a byte offset
	 * of a UTF-8 body.
	 */
	private static int charOffset(byte[] body, long byteOffset) {
		int end = (int) Math.max(0, Math.min(byteOffset, body.length));
		int chars = 0;
		for (int i = 0; i < end; i++) {
			if ((body[i] & 0xC0) != 0x80) {
				chars++;
			}
		}
		return chars;
	}

	private static String decodeReason(JacksonException ex) {
		String message = ex.getOriginalMessage();
		if (ex instanceof StreamConstraintsException) {
			return "Document exceeds the parser's limits (nesting depth, number or string length)";
		}
		if (message != null) {
			for (String[] candidate : DECODE_REASONS) {
				if (message.contains(candidate[0])) {
					return candidate[1];
				}
			}
		}
		return "Invalid JSON";
	}

	/**
	 * The result of reading a body: {@link Valid} or {@link Invalid}.
	 */
	public sealed interface Result permits Valid, Invalid {

	}

	/**
	 * A body that is a valid rollout request.
	 *
	 * @param request the request, with the defaults of absent parts filled in
	 */
	public record Valid(RolloutRequest request) implements Result {

	}

	/**
	 * A body that is not a valid rollout request: the errors of a FastAPI-shaped 422 body
	 * {@code {"detail":[…]}}.
	 *
	 * @param errors every error, in the order pydantic reports them; never empty
	 */
	public record Invalid(List<ValidationError> errors) implements Result {

		/**
		 * Creates an invalid result.
		 * @param errors the errors
		 */
		public Invalid {
			errors = List.copyOf(errors);
		}

	}

	/**
	 * The fields of the request model, in pydantic's order (depth first), with their
	 * locations.
	 */
	private enum Field {

		RUN_ID(null, "run_id"),

		ENV(null, "env"),

		ENV_ID(ENV, "env_id"),

		ENV_NAME(ENV, "env_name"),

		ENV_CONFIG(ENV, "config"),

		ENV_SEED(ENV, "seed"),

		POLICY(null, "policy"),

		POLICY_ID(POLICY, "policy_id"),

		POLICY_NAME(POLICY, "policy_name"),

		POLICY_CONFIG(POLICY, "config"),

		OUTPUT_MODE(POLICY, "output_mode"),

		STRUCTURED_CONFIG(POLICY, "structured_config"),

		SCHEMA(STRUCTURED_CONFIG, "schema"),

		SCHEMA_NAME(STRUCTURED_CONFIG, "schema_name"),

		STRICT(STRUCTURED_CONFIG, "strict"),

		OPS(null, "ops"),

		RECORD(null, "record"),

		TRAJECTORIES(RECORD, "trajectories"),

		LOGPROBS(RECORD, "logprobs"),

		VALUE(RECORD, "value"),

		RETURN_TRACE(RECORD, "return_trace"),

		TRACE_FORMAT(RECORD, "trace_format"),

		ON_DONE(null, "on_done"),

		SAFETY(null, "safety"),

		MAX_OPS(SAFETY, "max_ops"),

		MAX_TIME_S(SAFETY, "max_time_s"),

		TRAINING_SESSION_ID(null, "training_session_id"),

		SYNTH_BASE_URL(null, "synth_base_url"),

		MODE(null, "mode"),

		TRACE_CORRELATION_ID(null, "trace_correlation_id");

		private final @Nullable Field parent;

		private final List<Object> loc;

		Field(@Nullable Field parent, String name) {
			this.parent = parent;
			List<Object> loc = new ArrayList<>((parent != null) ? parent.loc : BODY_LOC);
			loc.add(name);
			this.loc = List.copyOf(loc);
		}

		boolean isWithin(Field field) {
			for (Field candidate = this; candidate != null; candidate = candidate.parent) {
				if (candidate == field) {
					return true;
				}
			}
			return false;
		}

	}

	/**
	 * The errors found so far, each with its field. A repeated key replaces the errors of its
	 * earlier value (the last value counts, as in Python's {@code json}).
	 */
	private static final class Errors {

		private @Nullable List<FieldError> entries;

		void add(Field field, ValidationError error) {
			if (this.entries == null) {
				this.entries = new ArrayList<>(4);
			}
			this.entries.add(new FieldError(field, error));
		}

		void forget(Field field) {
			if (this.entries != null) {
				this.entries.removeIf((entry) -> entry.field().isWithin(field));
			}
		}

		int size() {
			return (this.entries != null) ? this.entries.size() : 0;
		}

		List<ValidationError> inFieldOrder() {
			List<FieldError> sorted = new ArrayList<>((this.entries != null) ? this.entries : List.of());
			sorted.sort(Comparator.comparingInt((entry) -> entry.field().ordinal()));
			List<ValidationError> errors = new ArrayList<>(sorted.size());
			for (FieldError entry : sorted) {
				errors.add(entry.error());
			}
			return errors;
		}

	}

	private record FieldError(Field field, ValidationError error) {

	}

	/**
	 * Pydantic's lax parsing of numbers and booleans given as strings, without exceptions or
	 * regular expressions.
	 */
	static final class LaxNumbers {

		/** Returned by {@link #parseInt} for a string that is not an integer. */
		static final long NOT_AN_INTEGER = Long.MIN_VALUE;

		/** Returned by {@link #parseInt} for an integer outside the 32-bit range. */
		static final long OUT_OF_RANGE = Long.MAX_VALUE;

		private LaxNumbers() {
		}

		/**
		 * Parses an integer as pydantic does: surrounding whitespace, a sign, leading zeros,
		 * single underscores between digits and a fraction of zeros ({@code "42.00"}) are
		 * allowed.
		 * @param text the string
		 * @return the integer, {@link #NOT_AN_INTEGER} or {@link #OUT_OF_RANGE}
		 */
		static long parseInt(String text) {
			String trimmed = text.strip();
			int length = trimmed.length();
			int i = 0;
			boolean negative = false;
			if (i < length && (trimmed.charAt(i) == '+' || trimmed.charAt(i) == '-')) {
				negative = trimmed.charAt(i) == '-';
				i++;
			}
			long value = 0;
			int significantDigits = 0;
			boolean digitSeen = false;
			boolean afterUnderscore = false;
			for (; i < length; i++) {
				char c = trimmed.charAt(i);
				if (c >= '0' && c <= '9') {
					digitSeen = true;
					afterUnderscore = false;
					if (significantDigits > 0 || c != '0') {
						significantDigits++;
						if (significantDigits <= MAX_INT_DIGITS) {
							value = value * 10 + (c - '0');
						}
					}
				}
				else if (c == '_' && digitSeen && !afterUnderscore) {
					afterUnderscore = true;
				}
				else {
					break;
				}
			}
			if (!digitSeen || afterUnderscore || !isZeroFraction(trimmed, i)) {
				return NOT_AN_INTEGER;
			}
			value = negative ? -value : value;
			if (significantDigits > MAX_INT_DIGITS || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
				return OUT_OF_RANGE;
			}
			return value;
		}

		private static boolean isZeroFraction(String text, int start) {
			int length = text.length();
			if (start == length) {
				return true;
			}
			if (text.charAt(start) != '.' || start + 1 == length) {
				return false;
			}
			for (int i = start + 1; i < length; i++) {
				if (text.charAt(i) != '0') {
					return false;
				}
			}
			return true;
		}

		/**
		 * Parses a number as pydantic does (Rust's float syntax): surrounding whitespace, a
		 * sign, digits with an optional fraction and exponent, {@code inf}, {@code infinity}
		 * and {@code nan} in any case, and single underscores between digits.
		 * @param text the string
		 * @return the number, or {@code null} when the string is not one
		 */
		static @Nullable Double parseFloat(String text) {
			String trimmed = text.strip();
			if (isFloatSyntax(trimmed)) {
				return toDouble(trimmed);
			}
			if (text.indexOf('_') >= 0 && !text.startsWith("_") && !text.endsWith("_") && !text.contains("__")) {
				String joined = text.replace("_", "");
				if (isFloatSyntax(joined)) {
					return toDouble(joined);
				}
			}
			return null;
		}

		private static String unsigned(String text) {
			return (!text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-')) ? text.substring(1) : text;
		}

		private static boolean isFloatSyntax(String text) {
			String word = unsigned(text);
			if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity") || word.equalsIgnoreCase("nan")) {
				return true;
			}
			int length = word.length();
			int i = 0;
			int digits = 0;
			while (i < length && isDigit(word.charAt(i))) {
				i++;
				digits++;
			}
			if (i < length && word.charAt(i) == '.') {
				i++;
				while (i < length && isDigit(word.charAt(i))) {
					i++;
					digits++;
				}
			}
			if (digits == 0) {
				return false;
			}
			if (i < length && (word.charAt(i) == 'e' || word.charAt(i) == 'E')) {
				i++;
				if (i < length && (word.charAt(i) == '+' || word.charAt(i) == '-')) {
					i++;
				}
				int exponentDigits = 0;
				while (i < length && isDigit(word.charAt(i))) {
					i++;
					exponentDigits++;
				}
				if (exponentDigits == 0) {
					return false;
				}
			}
			return i == length;
		}

		private static double toDouble(String text) {
			boolean negative = text.startsWith("-");
			String word = unsigned(text);
			if (word.equalsIgnoreCase("nan")) {
				return Double.NaN;
			}
			if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
				return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
			}
			return Double.parseDouble(text);
		}

		private static boolean isDigit(char c) {
			return c >= '0' && c <= '9';
		}

		/**
		 * Parses a boolean as pydantic does: {@code 0}, {@code 1} and, in any case,
		 * {@code true}, {@code false}, {@code yes}, {@code no}, {@code on}, {@code off},
		 * {@code t}, {@code f}, {@code y} and {@code n}.
		 * @param text the string
		 * @return the boolean, or {@code null} when the string names none
		 */
		static @Nullable Boolean parseBool(String text) {
			if (text.equals("1") || text.equalsIgnoreCase("true") || text.equalsIgnoreCase("yes")
					|| text.equalsIgnoreCase("on") || text.equalsIgnoreCase("t") || text.equalsIgnoreCase("y")) {
				return Boolean.TRUE;
			}
			if (text.equals("0") || text.equalsIgnoreCase("false") || text.equalsIgnoreCase("no")
					|| text.equalsIgnoreCase("off") || text.equalsIgnoreCase("f") || text.equalsIgnoreCase("n")) {
				return Boolean.FALSE;
			}
			return null;
		}

	}

}
