/**
 * What users see of the Bolt protocol: {@link io.asyncbolt.protocol.BoltVersion} and the errors of the
 * wire ({@link io.asyncbolt.protocol.BoltProtocolException}, {@link io.asyncbolt.protocol.BoltHandshakeException},
 * {@link io.asyncbolt.protocol.BoltMessageTooLargeException}). The message records are in
 * {@code io.asyncbolt.protocol.message}; the wire layer itself is internal ({@code io.asyncbolt.internal.protocol}).
 * Depends on no other package of asyncbolt.
 */
package io.asyncbolt.protocol;
