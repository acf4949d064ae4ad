package dev.taskapp.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * One item of a FastAPI-shaped 422 body {@code {"detail":[…]}}: what pydantic reports for
 * one invalid value. Serialised as {@code {"type":…,"loc":[…],"msg":…}}, plus
 * {@code "input"} and {@code "ctx"} only when they are not {@code null}.
 * <p>
 * The factories give pydantic v2's types and messages, so that the errors read exactly as the
 * Python reference server's.
 *
 * @param type the pydantic error type, for example {@code missing} or {@code int_parsing}
 * @param loc where the error is: the part of the request ({@code body}, {@code query}), then
 * object keys (strings) and array positions or character offsets (integers)
 * @param msg the human-readable message
 * @param input the offending value when it is a JSON scalar; {@code null} when it is an object
 * or an array, or when the value is missing
 * @param ctx the values the message was built from, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "type", "loc", "msg", "input", "ctx" })
public record ValidationError(String type, List<Object> loc, String msg, @Nullable Object input,
		@Nullable Map<String, Object> ctx) {

	private static final String MODEL_ATTRIBUTES_TYPE_MESSAGE = "Input should be a valid dictionary or object to extract fields from";

	/**
	 * Creates a validation error.
	 * @param type the pydantic error type
	 * @param loc where the error is
	 * @param msg the message
	 * @param input the offending value, if it is a scalar
	 * @param ctx the message's values, if any
	 */
	public ValidationError {
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(msg, "msg must not be null");
		loc = List.copyOf(loc);
		ctx = (ctx != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(ctx)) : null;
	}

	/**
	 * Returns a {@code missing} error: a required value is absent.
	 * @param loc where the value should be
	 * @return the error
	 */
	public static ValidationError missing(List<Object> loc) {
		return new ValidationError("missing", loc, "Field required", null, null);
	}

	/**
	 * Returns a {@code json_invalid} error: the body is not JSON. As FastAPI reports it, the
	 * location is {@code ["body", <offset>]} and the input an empty object.
	 * @param offset the offset of the error in the body, in characters (code points)
	 * @param reason a short reason, without any part of the body
	 * @return the error
	 */
	public static ValidationError jsonInvalid(int offset, String reason) {
		return new ValidationError("json_invalid", List.of("body", offset), "JSON decode error", Map.of(),
				Map.of("error", reason));
	}

	/**
	 * Returns a {@code model_attributes_type} error: a model was given something else than an
	 * object. FastAPI validates bodies with {@code from_attributes=True}, so this is what it
	 * reports for the body and for every nested model.
	 * @param loc where the value is
	 * @param input the value, if it is a scalar
	 * @return the error
	 */
	public static ValidationError modelAttributesType(List<Object> loc, @Nullable Object input) {
		return new ValidationError("model_attributes_type", loc, MODEL_ATTRIBUTES_TYPE_MESSAGE, input, null);
	}

	/**
	 * Returns a {@code dict_type} error: a free-form object was given something else.
	 * @param loc where the value is
	 * @param input the value, if it is a scalar
	 * @return the error
	 */
	public static ValidationError dictType(List<Object> loc, @Nullable Object input) {
		return new ValidationError("dict_type", loc, "Input should be a valid dictionary", input, null);
	}

	/**
	 * Returns a {@code list_type} error: a list was given something else.
	 * @param loc where the value is
	 * @param input the value, if it is a scalar
	 * @return the error
	 */
	public static ValidationError listType(List<Object> loc, @Nullable Object input) {
		return new ValidationError("list_type", loc, "Input should be a valid list", input, null);
	}

	/**
	 * Returns a {@code string_type} error: a string was given something else (numbers are
	 * not turned into strings).
	 * @param loc where the value is
	 * @param input the value, if it is a scalar
	 * @return the error
	 */
	public static ValidationError stringType(List<Object> loc, @Nullable Object input) {
		return new ValidationError("string_type", loc, "Input should be a valid string", input, null);
	}

	/**
	 * Returns an {@code int_type} error: an integer was given a value of the wrong type.
	 * @param loc where the value is
	 * @param input the value, if it is a scalar
	 * @return the error
	 */
	public static ValidationError intType(List<Object> loc, @Nullable Object input) {
		return new ValidationError("int_type", loc, "Input should be a valid integer", input, null);
	}

	/**
	 * Returns an {@code int_parsing} error: an integer was given a string that is not one.
	 * @param loc where the value is
	 * @param input the string
	 * @return the error
	 */
	public static ValidationError intParsing(List<Object> loc, @Nullable Object input) {
		return new ValidationError("int_parsing", loc,
				"Input should be a valid integer, unable to parse string as an integer", input, null);
	}

	/**
	 * Returns an {@code int_from_float} error: an integer was given a number with a
	 * fractional part.
	 * @param loc where the value is
	 * @param input the number
	 * @return the error
	 */
	public static ValidationError intFromFloat(List<Object> loc, @Nullable Object input) {
		return new ValidationError("int_from_float", loc,
				"Input should be a valid integer, got a number with a fractional part", input, null);
	}

	/**
	 * Returns an {@code int_parsing} error for an integer outside the 32-bit range. Python
	 * integers have no such limit, so pydantic has no type of its own for this.
	 * @param loc where the value is
	 * @param input the value
	 * @return the error
	 */
	public static ValidationError intOutOfRange(List<Object> loc, @Nullable Object input) {
		return new ValidationError("int_parsing", loc, "Input should be a valid integer, the number is outside the range "
				+ Integer.MIN_VALUE + " to " + Integer.MAX_VALUE, input, null);
	}

	/**
	 * Returns a {@code finite_number} error: a number was infinite.
	 * @param loc where the value is
	 * @param input the value
	 * @return the error
	 */
	public static ValidationError finiteNumber(List<Object> loc, @Nullable Object input) {
		return new ValidationError("finite_number", loc, "Input should be a finite number", input, null);
	}

	/**
	 * Returns a {@code float_type} error: a number was given a value of the wrong type.
	 * @param loc where the value is
	 * @param input the value, if it is a scalar
	 * @return the error
	 */
	public static ValidationError floatType(List<Object> loc, @Nullable Object input) {
		return new ValidationError("float_type", loc, "Input should be a valid number", input, null);
	}

	/**
	 * Returns a {@code float_parsing} error: a number was given a string that is not one.
	 * @param loc where the value is
	 * @param input the string
	 * @return the error
	 */
	public static ValidationError floatParsing(List<Object> loc, @Nullable Object input) {
		return new ValidationError("float_parsing", loc,
				"Input should be a valid number, unable to parse string as a number", input, null);
	}

	/**
	 * Returns a {@code bool_type} error: a boolean was given a value of the wrong type.
	 * @param loc where the value is
	 * @param input the value, if it is a scalar
	 * @return the error
	 */
	public static ValidationError boolType(List<Object> loc, @Nullable Object input) {
		return new ValidationError("bool_type", loc, "Input should be a valid boolean", input, null);
	}

	/**
	 * Returns a {@code bool_parsing} error: a boolean was given a string or a number that
	 * does not name one.
	 * @param loc where the value is
	 * @param input the value
	 * @return the error
	 */
	public static ValidationError boolParsing(List<Object> loc, @Nullable Object input) {
		return new ValidationError("bool_parsing", loc, "Input should be a valid boolean, unable to interpret input",
				input, null);
	}

	/**
	 * Returns an {@code enum} error: a value is none of the allowed ones.
	 * @param loc where the value is
	 * @param expected the allowed values as pydantic lists them, for example
	 * {@code 'rl' or 'eval'}
	 * @param input the value, if it is a scalar
	 * @return the error
	 */
	public static ValidationError enumValue(List<Object> loc, String expected, @Nullable Object input) {
		return new ValidationError("enum", loc, "Input should be " + expected, input, Map.of("expected", expected));
	}

}
