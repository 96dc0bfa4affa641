/**
 * The values that travel inside Bolt messages beyond the plain PackStream types: graph entities,
 * durations, points, vectors and placeholders. All types are immutable. (Bolt 6.1's UUID is plain
 * {@link java.util.UUID}; a server sends it to older clients as an {@link io.asyncbolt.value.UnsupportedType}
 * or a placeholder map, see {@link io.asyncbolt.packstream.Packer}.)
 */
package io.asyncbolt.value;
