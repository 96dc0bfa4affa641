package io.asyncbolt.server;

/** Whether the client declared a query or transaction as read-only ({@code mode: "r"}) or not. */
public enum AccessMode {
    READ, WRITE
}
