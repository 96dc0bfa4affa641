package io.asyncbolt.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads (Java 21+) for a library compiled for Java 17: reached through method handles, so the
 * same jar runs on both. See {@link BoltServer.Builder#virtualThreads()}.
 */
public final class VirtualThreads {

    /** {@code Thread.ofVirtual()}, {@code Builder.name(String, long)}, {@code Builder.factory()}; null before Java 21. */
    private static final MethodHandle[] HANDLES = lookup();

    private VirtualThreads() {
    }

    /** Whether this JVM has virtual threads. */
    public static boolean available() {
        return HANDLES != null;
    }

    /** A thread-per-task executor of virtual threads named {@code prefix} and a counter. */
    static ExecutorService executor(String prefix) {
        if (HANDLES == null) {
            throw new IllegalStateException("Virtual threads need Java 21 or later");
        }
        try {
            Object builder = HANDLES[0].invoke();
            builder = HANDLES[1].invoke(builder, prefix, 1L);
            ThreadFactory factory = (ThreadFactory) HANDLES[2].invoke(builder);
            return (ExecutorService) HANDLES[3].invoke(factory);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot make virtual threads", e);
        }
    }

    private static MethodHandle[] lookup() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            return new MethodHandle[] {
                lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual)),
                lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class, long.class)),
                lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class)),
                lookup.findStatic(Executors.class, "newThreadPerTaskExecutor",
                        MethodType.methodType(ExecutorService.class, ThreadFactory.class)),
            };
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
