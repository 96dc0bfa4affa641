package io.asyncbolt.test;

/** The client requests a script can expect. HELLO, LOGON, RESET, PULL, DISCARD and GOODBYE need no script. */
public enum MessageKind {
    /** A query, auto-commit or inside a transaction. */
    RUN,
    /** The start of an explicit transaction. */
    BEGIN,
    /** The end of an explicit transaction; answered with a bookmark. */
    COMMIT,
    /** An explicit rollback sent by the client. */
    ROLLBACK,
    /** A routing table request ({@code neo4j://} URIs); answered by default when no script step expects it. */
    ROUTE
}
