/**
 * The Bolt server engine: {@link io.asyncbolt.server.BoltServer} accepts connections from the official
 * Neo4j drivers and tools, runs the Bolt state machine of 4.4 to 6.1 on Netty, and hands each request to
 * the embedder's SPI: {@link io.asyncbolt.server.QueryHandler} for RUN,
 * {@link io.asyncbolt.server.TransactionHandler} for explicit transactions,
 * {@link io.asyncbolt.server.Authenticator} for HELLO/LOGON and
 * {@link io.asyncbolt.server.RoutingTableProvider} for ROUTE (several servers behind one routing table:
 * {@link io.asyncbolt.server.routing}). Handlers run on an executor, never on a
 * network thread; results stream with back-pressure ({@link io.asyncbolt.server.QueryResult}).
 */
package io.asyncbolt.server;
