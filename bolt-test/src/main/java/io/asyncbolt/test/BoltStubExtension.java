package io.asyncbolt.test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts, injects and verifies {@link BoltStub}s for JUnit 5 tests ({@link BoltStubTest} registers it).
 *
 * <pre>{@code
 * @BoltStubTest
 * class PeopleRepositoryTest {
 *
 *     @Stub(script = "scripts/people.bolt")
 *     BoltStub stub;                                  // a fresh stub per test, verified after it
 *
 *     @StubUri
 *     URI uri;                                        // bolt://127.0.0.1:<port> of that stub
 *
 *     @Test
 *     void findsPeople() {
 *         try (Driver driver = GraphDatabase.driver(uri, AuthTokens.none())) { ... }
 *     }
 *
 *     @Test
 *     void addsSteps(BoltStub stub) {                 // parameters work too (the same stub as the field)
 *         stub.add(BoltStub.script().expectRun("RETURN 1 AS x").returns("x").row(1).build());
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link Stub} on an instance field or a test method parameter: one stub per test, verified after
 *       the test (a failed verification fails the test; after a failed test it is added as suppressed),
 *       then stopped.</li>
 *   <li>{@link Stub} on a static field: one stub for the class, started before the first test and verified
 *       after the last; the tests share its conversation.</li>
 *   <li>{@link StubUri} on a {@code URI} or {@code String} field or parameter: the URI of the test's stub
 *       (the first instance {@code @Stub} field, else the first static one, else a new stub per test).</li>
 *   <li>A {@code BoltStub} parameter without {@code @Stub} gets that same stub.</li>
 * </ul>
 */
public final class BoltStubExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BoltStubExtension.class);

    /** The stubs a context owns (verified and stopped when it ends) and its default one. */
    private static final class Stubs {
        final List<BoltStub> owned = new ArrayList<>();
        final List<BoltStub> unverified = new ArrayList<>();
        BoltStub first;

        BoltStub start(Stub annotation) {
            BoltStub stub = (annotation == null || annotation.script().isEmpty() ? BoltStub.script()
                    : BoltStub.fromResource(annotation.script())).start();
            owned.add(stub);
            if (annotation != null && !annotation.verify()) {
                unverified.add(stub);
            }
            if (first == null) {
                first = stub;
            }
            return stub;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        Stubs stubs = stubs(context);
        for (Field field : fields(testClass, Stub.class, true)) {
            set(field, null, stubs.start(field.getAnnotation(Stub.class)));
        }
        if (stubs.first != null) {
            for (Field field : fields(testClass, StubUri.class, true)) {
                set(field, null, uri(stubs.first, field.getAnnotation(StubUri.class), field.getType()));
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Stubs stubs = stubs(context);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field field : fields(instance.getClass(), Stub.class, false)) {
                set(field, instance, stubs.start(field.getAnnotation(Stub.class)));
            }
        }
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field field : fields(instance.getClass(), StubUri.class, false)) {
                set(field, instance, uri(defaultStub(context, null), field.getAnnotation(StubUri.class), field.getType()));
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        verifyAndStop(stubs(context));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        verifyAndStop(stubs(context));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Parameter parameter = parameterContext.getParameter();
        if (parameter.getType() == BoltStub.class) {
            return true;
        }
        return parameter.isAnnotationPresent(StubUri.class)
                && (parameter.getType() == URI.class || parameter.getType() == String.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Parameter parameter = parameterContext.getParameter();
        Stub annotation = parameter.getAnnotation(Stub.class);
        if (parameter.getType() == BoltStub.class) {
            if (annotation != null && !annotation.script().isEmpty()) {
                return stubs(extensionContext).start(annotation);   // a stub of its own, with its script
            }
            return defaultStub(extensionContext, annotation);
        }
        return uri(defaultStub(extensionContext, null), parameter.getAnnotation(StubUri.class), parameter.getType());
    }

    /** The first stub of this context or an enclosing one; a new one owned by this context if none. */
    private static BoltStub defaultStub(ExtensionContext context, Stub annotation) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Stubs stubs = c.getStore(NAMESPACE).get(key(c), Stubs.class);
            if (stubs != null && stubs.first != null) {
                return stubs.first;
            }
        }
        return stubs(context).start(annotation);
    }

    /** The stubs of exactly this context (stores look into their parents: the key tells them apart). */
    private static Stubs stubs(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(key(context), key -> new Stubs(), Stubs.class);
    }

    private static String key(ExtensionContext context) {
        return "stubs:" + context.getUniqueId();
    }

    private static void verifyAndStop(Stubs stubs) {
        AssertionError failure = null;
        try {
            for (BoltStub stub : stubs.owned) {
                if (stubs.unverified.contains(stub)) {
                    continue;
                }
                try {
                    stub.verify();
                } catch (AssertionError e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        } finally {
            stubs.owned.forEach(BoltStub::close);
            stubs.owned.clear();
            stubs.first = null;
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static Object uri(BoltStub stub, StubUri annotation, Class<?> type) {
        URI uri = annotation != null && annotation.routing() ? stub.routingUri() : stub.uri();
        if (type == URI.class) {
            return uri;
        }
        if (type == String.class) {
            return uri.toString();
        }
        throw new ExtensionConfigurationException("@StubUri goes on a URI or a String, not a " + type.getName());
    }

    private static List<Field> fields(Class<?> type, Class<? extends java.lang.annotation.Annotation> annotation,
            boolean statics) {
        Predicate<Field> kind = field -> Modifier.isStatic(field.getModifiers()) == statics;
        return AnnotationSupport.findAnnotatedFields(type, annotation, kind);
    }

    private static void set(Field field, Object instance, Object value) throws IllegalAccessException {
        if (field.isAnnotationPresent(Stub.class) && field.getType() != BoltStub.class) {
            throw new ExtensionConfigurationException("@Stub goes on a BoltStub, not on " + field);
        }
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException("@Stub and @StubUri fields cannot be final: " + field);
        }
        field.setAccessible(true);
        field.set(instance, value);
    }
}
