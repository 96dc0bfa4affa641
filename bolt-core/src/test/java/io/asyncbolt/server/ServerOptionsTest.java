package io.asyncbolt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.asyncbolt.protocol.BoltVersion;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A server misconfigured in code fails where it is configured, with a message naming the option. */
class ServerOptionsTest {

    @Test
    void aPortOutsideTheTcpRangeIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> BoltServer.builder().port(65536))
                .withMessageContaining("port");
        assertThatIllegalArgumentException().isThrownBy(() -> BoltServer.builder().port(-1))
                .withMessageContaining("port");
    }

    @Test
    void aNegativeTimeoutIsRefusedNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BoltServer.builder().authTimeout(Duration.ofSeconds(-1)))
                .withMessageContaining("authTimeout");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BoltServer.builder().idleTimeout(Duration.ofMillis(-5)))
                .withMessageContaining("idleTimeout");
    }

    @Test
    void waterMarksMustBeOrdered() {
        assertThatIllegalArgumentException().isThrownBy(() -> BoltServer.builder().writeBufferWaterMarks(64, 32))
                .withMessageContaining("water marks");
    }

    @Test
    void anAgentTheDriversWouldRefuseIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> BoltServer.builder().agent("asyncbolt/1"))
                .withMessageContaining("Neo4j/");
    }

    @Test
    void noVersionOrAnUnsupportedOneIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> BoltServer.builder().versions(List.of()));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BoltServer.builder().versions(List.of(new BoltVersion(3, 0))))
                .withMessageContaining("Unsupported Bolt version");
    }

    @Test
    void aMessageLimitOfZeroIsRefusedAtStart() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BoltServer.builder().port(0).maxMessageSizeBeforeAuth(0).start())
                .withMessageContaining("maxMessageSizeBeforeAuth");
    }

    @Test
    void theDefaultsServe() {
        try (BoltServer server = BoltServer.builder().port(0).start()) {
            assertThat(server.config().agent()).isEqualTo(ServerConfig.DEFAULT_AGENT);
            assertThat(server.config().maxMessageSizeBeforeAuth())
                    .isEqualTo(ServerConfig.DEFAULT_MAX_MESSAGE_SIZE_BEFORE_AUTH);
            assertThat(server.config().versions()).isEqualTo(BoltVersion.ALL);
        }
    }
}
