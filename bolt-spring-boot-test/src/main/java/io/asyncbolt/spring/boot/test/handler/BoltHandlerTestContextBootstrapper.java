package io.asyncbolt.spring.boot.test.handler;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/** Adds {@link BoltHandlerTest#properties()} to the environment. */
class BoltHandlerTestContextBootstrapper extends TestSliceTestContextBootstrapper<BoltHandlerTest> {
}
