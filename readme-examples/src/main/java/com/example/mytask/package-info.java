/**
 * The README's examples: a task app built from the Quick start alone.
 */
@NullMarked
package com.example.mytask;

import org.jspecify.annotations.NullMarked;
