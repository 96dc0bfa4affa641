package io.asyncbolt.spring.boot.test.stub;

import io.asyncbolt.test.BoltStub;
import io.asyncbolt.test.Script;

/**
 * The context's stub and its script, which is played once per test: the first test gets the steps the stub
 * started with (messages sent while the context started count towards it), each later test a stub reset to
 * the same steps, with nothing received yet.
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

    /** Before a test: the script's steps are expected (again), from a clean conversation. */
    synchronized void beforeTest() {
        if (!fresh) {
            stub.reset(script);
        }
        fresh = false;
    }

    @Override
    public void close() {
        stub.close();
    }
}
