package io.asyncbolt.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.server.BoltServer;
import io.asyncbolt.testing.Await;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a server of a group shuts down: it serves while clients' tables expire, then drains. */
class LeavingShutdownTest {

    @Test
    void aLeavingServerKeepsAcceptingUntilTheTtlIsOverAndCloseCutsThatShort() throws Exception {
        MemberRoutingTableProvider provider = MemberRoutingTableProvider.builder(
                BoltMembers.of(BoltMember.of("127.0.0.1:1"))).ttl(Duration.ofSeconds(30)).build();
        BoltServer server = BoltServer.builder().port(0).routing(provider).start();
        int port = server.port();
        CompletableFuture<Void> stopped = server.shutdown(Duration.ofSeconds(60));
        assertThat(server.isShuttingDown()).isTrue();
        assertThat(provider.isLeaving()).isTrue();
        assertThat(accepts(port)).as("still accepting while clients' tables expire").isTrue();
        assertThat(stopped).isNotDone();
        server.close();
        stopped.get(10, TimeUnit.SECONDS);
        Await.until("the port is closed", Duration.ofSeconds(5), () -> !accepts(port));
    }

    @Test
    void aServerAloneDrainsAtOnce() throws Exception {
        MemberRoutingTableProvider provider = MemberRoutingTableProvider.builder(BoltMembers.of())
                .ttl(Duration.ofSeconds(30)).build();
        BoltServer server = BoltServer.builder().port(0).routing(provider).start();
        server.shutdown(Duration.ofSeconds(60)).get(10, TimeUnit.SECONDS);
        assertThat(accepts(server.port())).isFalse();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
