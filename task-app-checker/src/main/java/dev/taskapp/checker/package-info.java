/**
 * The conformance checker: checks that a task app or a Synth container at some URL answers as
 * its contract says, from the command line ({@link dev.taskapp.checker.TaskAppCheck}) or from a
 * JUnit 5 test ({@link dev.taskapp.checker.TaskAppConformance}).
 */
@NullMarked
package dev.taskapp.checker;

import org.jspecify.annotations.NullMarked;
