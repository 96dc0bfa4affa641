package io.asyncbolt.test;

import java.time.Duration;
import java.util.List;

/** An expected BEGIN, COMMIT, ROLLBACK or ROUTE, and its answer. */
public final class RequestExpectation extends ExpectationBuilder<RequestExpectation> {

    RequestExpectation(ScriptBuilder parent, MessageKind kind, String origin) {
        super(parent, kind, origin);
    }

    /** For COMMIT: the bookmark to answer with (the client sends it with its next BEGIN or RUN). */
    public RequestExpectation returnsBookmark(String bookmark) {
        requireKind(MessageKind.COMMIT, "returnsBookmark");
        draft.bookmark = bookmark;
        return this;
    }

    /** For ROUTE: the routing table to answer with ({@code host:port} addresses). */
    public RequestExpectation returnsRoutingTable(List<String> routers, List<String> readers, List<String> writers,
            Duration ttl) {
        requireKind(MessageKind.ROUTE, "returnsRoutingTable");
        draft.routers = List.copyOf(routers);
        draft.readers = List.copyOf(readers);
        draft.writers = List.copyOf(writers);
        draft.ttlSeconds = ttl.toSeconds();
        return this;
    }

    private void requireKind(MessageKind kind, String method) {
        if (draft.kind != kind) {
            throw new IllegalStateException(method + " is for " + kind + ", not " + draft.kind);
        }
    }
}
