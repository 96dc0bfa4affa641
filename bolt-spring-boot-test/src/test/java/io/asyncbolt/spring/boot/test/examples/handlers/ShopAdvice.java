package io.asyncbolt.spring.boot.test.examples.handlers;

import io.asyncbolt.server.BoltException;
import io.asyncbolt.spring.boot.server.BoltAdvice;
import io.asyncbolt.spring.boot.server.BoltExceptionHandler;

/** Errors of every handler as Neo4j status codes. */
@BoltAdvice
public class ShopAdvice {

    @BoltExceptionHandler
    BoltException onBadNumber(NumberFormatException e) {
        return new BoltException("Neo.ClientError.Statement.ArgumentError", "not a number: " + e.getMessage());
    }
}
