package io.asyncbolt.internal.protocol;

import io.asyncbolt.protocol.BoltVersion;
import java.util.Objects;

/**
 * Outcome of a successful Bolt handshake.
 *
 * @param version the protocol version both sides now speak
 * @param manifest true when the handshake manifest (v1) was used; a server must then add
 *     {@code protocol_version: "M.m"} to the SUCCESS answering HELLO
 * @param capabilities capability bits the client selected (manifest only; always 0 in legacy mode)
 */
public record NegotiationResult(BoltVersion version, boolean manifest, long capabilities) {

    public NegotiationResult {
        Objects.requireNonNull(version, "version");
    }
}
