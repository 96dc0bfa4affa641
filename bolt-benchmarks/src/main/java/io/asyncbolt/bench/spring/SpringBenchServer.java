package io.asyncbolt.bench.spring;

import io.asyncbolt.server.SystemQueries;
import io.asyncbolt.spring.boot.server.BoltHandler;
import io.asyncbolt.spring.boot.server.BoltParam;
import io.asyncbolt.spring.boot.server.BoltQuery;
import io.asyncbolt.spring.boot.server.BoltServerStartedEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * The Spring Boot twin of {@link io.asyncbolt.bench.BenchServer} for the load benchmark ({@code --servers
 * asyncbolt-spring}): the same answers from a {@link BoltHandler} bean through the starter's auto-configured
 * server (default handler pool, no built-in answers), so the difference is the dispatch path: matching,
 * argument binding and conversion, result adaptation. Prints {@code BOLT host:port}; stops when standard
 * input ends.
 */
@SpringBootApplication
public class SpringBenchServer {

    /** The row type of the stream: two columns from the record's components. */
    public record Row(long i, String name) {
    }

    @BoltHandler
    public static class Handlers {

        @BoltQuery(value = "RETURN 1", columns = "1")
        public long one() {
            return 1L;
        }

        @BoltQuery("UNWIND range(1, $n) AS i RETURN i, 'name-' + i AS name")
        public Iterator<Row> rows(@BoltParam("n") long n) {
            return new Iterator<>() {
                long i = 1;

                @Override
                public boolean hasNext() {
                    return i <= n;
                }

                @Override
                public Row next() {
                    long value = i++;
                    return new Row(value, "name-" + value);
                }
            };
        }

        @BoltQuery(fallback = true, columns = "p")
        public Object echo(@BoltParam("p") Object p) {
            return p;
        }
    }

    /** Every query reaches the handlers, as in BenchServer. */
    @Bean
    SystemQueries systemQueries() {
        return SystemQueries.none();
    }

    @EventListener
    public void started(BoltServerStartedEvent event) {
        System.out.println("BOLT 127.0.0.1:" + event.getPort());
        System.out.flush();
    }

    public static void main(String[] args) throws Exception {
        SpringApplication application = new SpringApplication(SpringBenchServer.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("bolt.server.port", "0", "bolt.server.address", "127.0.0.1",
                "bolt.server.recv-timeout-hint", "0s", "spring.main.banner-mode", "off",
                "logging.level.root", "WARN"));
        try (ConfigurableApplicationContext context = application.run(args);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // serve until the benchmark closes our input
            }
        }
        System.exit(0);
    }
}
