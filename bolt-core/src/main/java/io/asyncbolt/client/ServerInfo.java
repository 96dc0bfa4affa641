package io.asyncbolt.client;

import io.asyncbolt.protocol.BoltVersion;

/**
 * The server a connection talks to.
 *
 * @param address         {@code host:port} as the client reached it
 * @param agent           the server's agent string from HELLO ({@code Neo4j/5.26.0}), or null
 * @param protocolVersion the negotiated Bolt version
 */
public record ServerInfo(String address, String agent, BoltVersion protocolVersion) {
}
