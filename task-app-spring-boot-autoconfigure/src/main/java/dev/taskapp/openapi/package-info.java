/**
 * The OpenAPI document of the routes a task app serves ({@code GET /openapi.json}), built in
 * code from the route settings by one {@link dev.taskapp.openapi.OpenApiContributor} per
 * contract, and the Swagger UI page ({@code GET /docs}) that shows it.
 */
@NullMarked
package dev.taskapp.openapi;

import org.jspecify.annotations.NullMarked;
