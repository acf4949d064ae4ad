package dev.taskapp.openapi;

/**
 * How a contract's routes authenticate callers, as the OpenAPI document describes it.
 *
 * @param enabled whether the protected routes need the API key
 * @param failureStatus the status of a missing or wrong key
 * @param failureSchema the name of the schema of that answer's body
 */
public record OpenApiAuth(boolean enabled, int failureStatus, String failureSchema) {

}
