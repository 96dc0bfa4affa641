package io.asyncbolt.spring.boot.test.stub;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Plays the script of {@link AutoConfigureBoltStub} once per test method and verifies the stub after it. A
 * failed verification fails the test (JUnit adds it as suppressed to the test's own failure) and marks the
 * context dirty: a stub that saw a mismatch refuses every later message, so the next test gets a new one.
 */
public class BoltStubTestExecutionListener implements TestExecutionListener, Ordered {

    @Override
    public void beforeTestMethod(TestContext testContext) {
        BoltStubHolder holder = holder(testContext);
        if (holder != null) {
            holder.beforeTest();
        }
    }

    @Override
    public void afterTestMethod(TestContext testContext) {
        BoltStubHolder holder = holder(testContext);
        if (holder == null || !annotation(testContext).verify()) {
            return;
        }
        try {
            holder.stub().verify();
        } catch (AssertionError e) {
            testContext.markApplicationContextDirty(null);
            throw e;
        }
    }

    private static AutoConfigureBoltStub annotation(TestContext testContext) {
        return MergedAnnotations.from(testContext.getTestClass(), MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .get(AutoConfigureBoltStub.class).synthesize();
    }

    private static BoltStubHolder holder(TestContext testContext) {
        if (!MergedAnnotations.from(testContext.getTestClass(), MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .isPresent(AutoConfigureBoltStub.class)) {
            return null;
        }
        ApplicationContext context = testContext.getApplicationContext();
        return context.getBeanProvider(BoltStubHolder.class).getIfAvailable();
    }

    /** After Spring's dependency injection; after a test its verification runs once the transactional listener rolled back. */
    @Override
    public int getOrder() {
        return 2500;
    }
}
