/**
 * Auto-configuration of the task app: properties, the API keys and the routes.
 */
@NullMarked
package dev.taskapp.autoconfigure;

import org.jspecify.annotations.NullMarked;
