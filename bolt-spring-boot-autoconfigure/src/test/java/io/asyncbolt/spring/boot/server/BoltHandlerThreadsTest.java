package io.asyncbolt.spring.boot.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;

/** Which thread a {@code @BoltHandler} method runs on, by its return type, seen through the official driver. */
@SpringBootTest(properties = {"bolt.server.port=0"})
class BoltHandlerThreadsTest {

    /** Columns name, loop. */
    record ThreadSeen(String name, boolean loop) {
    }

    static ThreadSeen thread() {
        Thread t = Thread.currentThread();
        return new ThreadSeen(t.getName(), t instanceof FastThreadLocalThread);
    }

    @BoltHandler
    static class Threads {

        @BoltQuery("RETURN 'mono' AS t")
        Mono<ThreadSeen> mono() {
            return Mono.just(thread());
        }

        @BoltQuery("RETURN 'stage' AS t")
        CompletionStage<ThreadSeen> stage() {
            return CompletableFuture.completedFuture(thread());
        }

        @BoltQuery("RETURN 'plain' AS t")
        ThreadSeen plain() {
            return thread();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Threads.class)
    static class App {
    }

    @LocalBoltServerPort
    int port;

    private Driver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private Record ask(String statement) {
        if (driver == null) {
            driver = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.basic("neo4j", "pw"),
                    Config.builder().withoutEncryption().build());
        }
        try (Session session = driver.session()) {
            return session.run(statement).single();
        }
    }

    @Test
    void reactiveAndCompletionStageMethodsRunOnTheNetworkThread() {
        for (String statement : new String[] {"RETURN 'mono' AS t", "RETURN 'stage' AS t"}) {
            Record row = ask(statement);
            assertThat(row.get("loop").asBoolean()).as(statement + " on " + row.get("name").asString()).isTrue();
        }
    }

    @Test
    void plainMethodsRunOnTheHandlerPool() {
        Record row = ask("RETURN 'plain' AS t");
        assertThat(row.get("loop").asBoolean()).isFalse();
        assertThat(row.get("name").asString()).startsWith("bolt-handler-");
    }
}
