/**
 * Several Bolt servers behind one routing table: {@link io.asyncbolt.server.routing.MemberRoutingTableProvider}
 * answers ROUTE from a list of {@link io.asyncbolt.server.routing.BoltMember members} that a
 * {@link io.asyncbolt.server.routing.BoltMembers} source supplies (a static list, or a discovery system such as
 * Kubernetes or Consul), always with the local instance while it is healthy, never with a writer it is unsure of
 * ({@link io.asyncbolt.server.routing.WriterChoice}), and without the local instance while the server shuts down.
 */
package io.asyncbolt.server.routing;
