/**
 * The values that travel inside Bolt messages beyond the plain PackStream types: graph entities,
 * durations, points, vectors and placeholders. All types are immutable.
 */
package io.asyncbolt.value;
