/**
 * Internal: the Bolt wire layer (version handshake, chunk framing, message encoding and decoding, one
 * {@link io.asyncbolt.internal.protocol.BoltProtocol} per negotiated version) that the server and the
 * client are built on. Not API: it changes without notice. What users touch is
 * {@link io.asyncbolt.protocol.BoltVersion}, the server SPI, the client API and the values.
 */
package io.asyncbolt.internal.protocol;
