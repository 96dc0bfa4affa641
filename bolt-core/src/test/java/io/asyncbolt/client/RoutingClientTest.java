package io.asyncbolt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.server.AccessMode;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.RoutingTable;
import io.asyncbolt.testing.LeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code neo4j://} routing across three server instances, one of which goes away mid-test. */
@ExtendWith(LeakCheck.class)
class RoutingClientTest {

    private final List<BoltServer> servers = new ArrayList<>();
    private BoltClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        servers.forEach(BoltServer::close);
    }

    @Test
    void readsGoToReadersWritesToTheWriterAndAStoppedReaderIsAvoided() throws Exception {
        List<String> addresses = new java.util.concurrent.CopyOnWriteArrayList<>();
        int[] ports = new int[3];
        for (int i = 0; i < 3; i++) {
            String name = "server-" + i;
            List<String> cluster = addresses;
            BoltServer server = BoltServer.builder().port(0)
                    .routing((db, ctx, context) -> new RoutingTable(Duration.ofSeconds(1), cluster,
                            cluster.subList(1, cluster.size()), cluster.subList(0, 1)))
                    .queryHandler(q -> CompletableFuture.completedFuture(QueryResult.single(Map.of("server", name))))
                    .start();
            servers.add(server);
            ports[i] = server.port();
        }
        for (int port : ports) {
            addresses.add("127.0.0.1:" + port);
        }
        client = BoltClient.create("neo4j://127.0.0.1:" + ports[0], AuthToken.none(),
                ClientConfig.builder().maxRetryTime(Duration.ofSeconds(10)).build());
        BoltSession session = client.session();

        Set<String> readers = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            readers.add(session.executeRead(tx -> tx.run("WHO").thenCompose(ResultCursor::singleAsync))
                    .toCompletableFuture().get().getString("server"));
        }
        assertThat(readers).isSubsetOf("server-1", "server-2").isNotEmpty();
        String writer = session.executeWrite(tx -> tx.run("WHO").thenCompose(ResultCursor::singleAsync))
                .toCompletableFuture().get().getString("server");
        assertThat(writer).isEqualTo("server-0");

        // like a real cluster, the members stop announcing the one that left; the client has the old table
        servers.get(1).close();
        addresses.remove(1);
        for (int i = 0; i < 10; i++) {
            String reader = session.executeRead(tx -> tx.run("WHO").thenCompose(ResultCursor::singleAsync))
                    .toCompletableFuture().get().getString("server");
            assertThat(reader).isEqualTo("server-2");
        }
    }

    @Test
    void aWriterThatIsNoLongerTheLeaderMakesTheClientRediscoverTheNewOne() throws Exception {
        List<String> addresses = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger leader = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 3; i++) {
            String name = "server-" + i;
            int self = i;
            servers.add(BoltServer.builder().port(0)
                    // a long TTL: only the NotALeader answer can make the client look again
                    .routing((db, ctx, context) -> {
                        List<String> readers = new ArrayList<>(addresses);
                        String writer = readers.remove(leader.get());
                        return new RoutingTable(Duration.ofMinutes(5), addresses, readers, List.of(writer));
                    })
                    .queryHandler(q -> {
                        if (q.context().accessMode() == AccessMode.WRITE && leader.get() != self) {
                            throw new BoltException("Neo.ClientError.Cluster.NotALeader", name + " is not the leader");
                        }
                        return CompletableFuture.completedFuture(QueryResult.single(Map.of("server", name)));
                    })
                    .start());
        }
        servers.forEach(s -> addresses.add("127.0.0.1:" + s.port()));
        client = BoltClient.create("neo4j://127.0.0.1:" + servers.get(0).port(), AuthToken.none(),
                ClientConfig.builder().maxRetryTime(Duration.ofSeconds(10)).build());
        BoltSession session = client.session();
        assertThat(write(session)).isEqualTo("server-0");

        leader.set(1); // a leader election the client has not heard of
        assertThat(write(session)).as("retried on the new leader").isEqualTo("server-1");

        leader.set(2);
        assertThatThrownBy(() -> session.run("WHO").toCompletableFuture().join()).cause()
                .isInstanceOf(BoltClientException.SessionExpired.class)
                .satisfies(e -> assertThat(((BoltClientException) e).code())
                        .isEqualTo("Neo.ClientError.Cluster.NotALeader"))
                .hasMessageContaining("server-1 is not the leader");
        assertThat(session.run("WHO").thenCompose(ResultCursor::singleAsync).toCompletableFuture().get()
                .getString("server")).as("the next auto-commit query goes to the new leader").isEqualTo("server-2");
    }

    private static String write(BoltSession session) throws Exception {
        return session.executeWrite(tx -> tx.run("WHO").thenCompose(ResultCursor::singleAsync))
                .toCompletableFuture().get().getString("server");
    }

    @Test
    void neo4jPlusSscRoutesOverTls() throws Exception {
        io.netty.pkitesting.X509Bundle cert = new io.netty.pkitesting.CertificateBuilder().subject("CN=cluster")
                .setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        List<String> addresses = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 2; i++) {
            String name = "server-" + i;
            servers.add(BoltServer.builder().port(0)
                    .tls(io.netty.handler.ssl.SslContextBuilder.forServer(cert.toKeyManagerFactory()).build(), true)
                    .routing((db, ctx, context) -> new RoutingTable(Duration.ofMinutes(5), addresses,
                            addresses.subList(1, 2), addresses.subList(0, 1)))
                    .queryHandler(q -> CompletableFuture.completedFuture(QueryResult.single(Map.of("server", name))))
                    .start());
        }
        servers.forEach(s -> addresses.add("127.0.0.1:" + s.port()));
        client = BoltClient.create("neo4j+ssc://127.0.0.1:" + servers.get(0).port(), AuthToken.none());
        BoltSession session = client.session();
        assertThat(session.executeRead(tx -> tx.run("WHO").thenCompose(ResultCursor::singleAsync))
                .toCompletableFuture().get().getString("server")).isEqualTo("server-1");
        assertThat(write(session)).isEqualTo("server-0");
    }
}
