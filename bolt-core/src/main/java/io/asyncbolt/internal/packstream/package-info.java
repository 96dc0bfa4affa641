/**
 * Internal: PackStream, Bolt's value encoding ({@link io.asyncbolt.internal.packstream.Packer},
 * {@link io.asyncbolt.internal.packstream.Unpacker}), and the Bolt structures of graph, temporal, spatial
 * and vector values ({@link io.asyncbolt.internal.packstream.StructTag}). Not API: it changes without
 * notice; the values themselves are in {@link io.asyncbolt.value}.
 */
package io.asyncbolt.internal.packstream;
