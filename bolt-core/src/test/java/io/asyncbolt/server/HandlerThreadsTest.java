package io.asyncbolt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/** Which thread a handler runs on, seen through the official driver. */
class HandlerThreadsTest {

    private BoltServer server;
    private Driver driver;

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static CompletableFuture<QueryResult> threadOf() {
        Thread t = Thread.currentThread();
        return CompletableFuture.completedFuture(QueryResult.single(Map.of(
                "name", t.getName(), "loop", t instanceof FastThreadLocalThread, "virtual", isVirtual(t))));
    }

    private static boolean isVirtual(Thread t) {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private Driver driver(BoltServer.Builder builder) {
        server = builder.port(0).start();
        driver = GraphDatabase.driver("bolt://127.0.0.1:" + server.port(), AuthTokens.none(),
                Config.builder().withoutEncryption().build());
        return driver;
    }

    private org.neo4j.driver.Record ask(Driver driver) {
        try (Session session = driver.session()) {
            return session.run("RETURN thread").single();
        }
    }

    @Test
    void aNonBlockingHandlerRunsOnTheNetworkThread() {
        org.neo4j.driver.Record row = ask(driver(BoltServer.builder()
                .queryHandler(QueryHandler.nonBlocking(query -> threadOf()))));
        assertThat(row.get("loop").asBoolean()).as(row.get("name").asString()).isTrue();
    }

    @Test
    void aBlockingHandlerRunsOnThePoolAndDoesNotHoldUpOtherConnections() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Driver d = driver(BoltServer.builder().queryHandler(query -> {
            if (query.statement().equals("BLOCK")) {
                entered.countDown();
                release.await();
            }
            return threadOf();
        }));
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try (Session session = d.session()) {
                session.run("BLOCK").consume();
            }
        });
        entered.await();
        org.neo4j.driver.Record row = ask(d);
        assertThat(row.get("name").asString()).startsWith("bolt-handler-");
        assertThat(row.get("loop").asBoolean()).isFalse();
        assertThat(blocked).isNotDone();
        release.countDown();
        blocked.get();
    }

    @Test
    void virtualThreadsRunBlockingHandlersWhenTheJvmHasThem() {
        assumeTrue(VirtualThreads.available(), "virtual threads need Java 21+");
        org.neo4j.driver.Record row = ask(driver(BoltServer.builder().virtualThreads()
                .queryHandler(query -> threadOf())));
        assertThat(row.get("virtual").asBoolean()).as(row.get("name").asString()).isTrue();
    }
}
