package io.asyncbolt.server.routing;

import java.util.List;

/**
 * Which members a routing table advertises as writers. It sees only the candidates that are known to be up
 * and have the WRITE role, and returns those it is sure of (possibly none: drivers then ask again before
 * each write instead of writing to a wrong member).
 */
@FunctionalInterface
public interface WriterChoice {

    /** Every candidate: for backends where any member may write (a shared database, a stateless service). */
    WriterChoice ALL = candidates -> candidates.stream().map(BoltMember::address).toList();

    /**
     * For single-writer backends whose membership marks the writer: the one candidate when there is exactly
     * one, none when several claim to be the writer (an election in progress, a split) or none does.
     */
    WriterChoice SINGLE = candidates -> candidates.size() == 1 ? List.of(candidates.get(0).address()) : List.of();

    /**
     * @param candidates the members up and with the WRITE role, the local instance among them if it qualifies
     * @return the {@code host:port} addresses to advertise as writers
     */
    List<String> writers(List<BoltMember> candidates) throws Exception;
}
