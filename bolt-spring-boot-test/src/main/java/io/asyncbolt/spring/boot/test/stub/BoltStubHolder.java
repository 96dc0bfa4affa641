package io.asyncbolt.spring.boot.test.stub;

import io.asyncbolt.test.BoltStub;
import io.asyncbolt.test.Script;

/**
 * The context's stub and its script, which is played once per test: the first test gets the steps the stub
 * started with, each later test the same steps again.
 */
final class BoltStubHolder implements AutoCloseable {

    private final BoltStub stub;
    private final Script script;
    private boolean fresh = true;

    BoltStubHolder(BoltStub stub, Script script) {
        this.stub = stub;
        this.script = script;
    }

    BoltStub stub() {
        return stub;
    }

    /** Before a test: the script's steps are expected (again). */
    synchronized void beforeTest() {
        if (!fresh) {
            stub.add(script);
        }
        fresh = false;
    }

    @Override
    public void close() {
        stub.close();
    }
}
