package io.asyncbolt.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.internal.protocol.ProtocolNegotiator.Legacy;
import io.asyncbolt.internal.protocol.ProtocolNegotiator.Manifest;
import io.asyncbolt.internal.protocol.ProtocolNegotiator.NoMatch;
import io.asyncbolt.protocol.BoltVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolNegotiatorTest {

    private static final List<BoltVersion> ALL = ProtocolNegotiator.normalize(BoltVersion.ALL);

    @Test
    void compressesConsecutiveMinorsPerMajor() {
        assertThat(ProtocolNegotiator.hex(ProtocolNegotiator.compressRanges(ALL)))
                .isEqualTo("[00 01 01 06, 00 02 08 05, 00 04 04 05, 00 00 04 04]");
        assertThat(ProtocolNegotiator.hex(ProtocolNegotiator.compressRanges(ProtocolNegotiator.normalize(
                List.of(BoltVersion.V4_4, BoltVersion.V5_2, BoltVersion.V5_0, BoltVersion.V5_1)))))
                .isEqualTo("[00 02 02 05, 00 00 04 04]");
    }

    @Test
    void clientProposals() {
        assertThat(ProtocolNegotiator.hex(ProtocolNegotiator.proposals(ALL, true)))
                .isEqualTo("[00 00 01 FF, 00 08 08 05, 00 00 04 04, 00 00 00 00]");
        assertThat(ProtocolNegotiator.hex(ProtocolNegotiator.proposals(ALL, false)))
                .isEqualTo("[00 01 01 06, 00 08 08 05, 00 00 04 04, 00 00 00 00]");
    }

    @Test
    void serverChoice() {
        assertThat(ProtocolNegotiator.choose(new int[] {0x000001FF, 0x00080805, 0, 0}, ALL, true))
                .isInstanceOf(Manifest.class);
        assertThat(ProtocolNegotiator.choose(new int[] {0x000001FF, 0x00080805, 0, 0}, ALL, false))
                .isEqualTo(new Legacy(BoltVersion.V5_8));
        assertThat(ProtocolNegotiator.choose(new int[] {0x00000505, 0, 0, 0}, ALL, true))
                .isInstanceOf(NoMatch.class);
        // 5.0 from 4.4-tolerant ranges: range that reaches below 0 is clamped
        assertThat(ProtocolNegotiator.choose(new int[] {0x00090005, 0, 0, 0}, ALL, true))
                .isEqualTo(new Legacy(BoltVersion.V5_0));
    }

    @Test
    void normalizeSortsAndDeduplicates() {
        assertThat(ProtocolNegotiator.normalize(List.of(BoltVersion.V4_4, BoltVersion.V6_0, BoltVersion.V4_4)))
                .containsExactly(BoltVersion.V6_0, BoltVersion.V4_4);
    }
}
