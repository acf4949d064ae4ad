/**
 * Internal helpers shared by the web, client and tunnel packages. Not part of the public API:
 * they may change in any release.
 */
@NullMarked
package dev.taskapp.support;

import org.jspecify.annotations.NullMarked;
