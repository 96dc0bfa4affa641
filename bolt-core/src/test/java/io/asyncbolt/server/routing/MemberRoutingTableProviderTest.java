package io.asyncbolt.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.server.RoutingTable;
import io.asyncbolt.server.routing.BoltMember.Health;
import io.asyncbolt.server.routing.BoltMember.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What tables a member hands out, from what its membership source says. */
class MemberRoutingTableProviderTest {

    private static final String LOCAL = "bolt-1:7687";

    private final AtomicReference<List<BoltMember>> known = new AtomicReference<>(List.of());

    private MemberRoutingTableProvider provider(MemberRoutingTableProvider.Builder builder) {
        MemberRoutingTableProvider provider = builder.ttl(Duration.ofSeconds(2)).build();
        provider.serverStarted(LOCAL);
        return provider;
    }

    private MemberRoutingTableProvider provider() {
        return provider(MemberRoutingTableProvider.builder(known::get));
    }

    private static RoutingTable route(MemberRoutingTableProvider provider) throws Exception {
        return provider.route(null, Map.of(), null);
    }

    @Test
    void theLocalInstanceComesFirstAndIsThereBeforeDiscoveryListsIt() throws Exception {
        known.set(List.of(BoltMember.of("bolt-3:7687"), BoltMember.of("bolt-2:7687")));
        RoutingTable table = route(provider());
        assertThat(table.ttl()).isEqualTo(Duration.ofSeconds(2));
        assertThat(table.routers()).containsExactly(LOCAL, "bolt-2:7687", "bolt-3:7687");
        assertThat(table.readers()).containsExactly(LOCAL, "bolt-2:7687", "bolt-3:7687");
        assertThat(table.writers()).containsExactly(LOCAL, "bolt-2:7687", "bolt-3:7687");
    }

    @Test
    void membersDownAreLeftOutAndMembersOfUnknownHealthNeverWrite() throws Exception {
        known.set(List.of(BoltMember.of(LOCAL), BoltMember.of("bolt-2:7687").withHealth(Health.DOWN),
                BoltMember.of("bolt-3:7687").withHealth(Health.UNKNOWN)));
        RoutingTable table = route(provider());
        assertThat(table.readers()).containsExactly(LOCAL, "bolt-3:7687");
        assertThat(table.routers()).containsExactly(LOCAL, "bolt-3:7687");
        assertThat(table.writers()).containsExactly(LOCAL);
    }

    @Test
    void aSingleWriterBackendAdvertisesNoWriterWhileSeveralClaimToBeIt() throws Exception {
        known.set(List.of(BoltMember.of("bolt-2:7687", Role.ROUTE, Role.READ, Role.WRITE),
                BoltMember.of("bolt-3:7687", Role.ROUTE, Role.READ)));
        AtomicBoolean localWrites = new AtomicBoolean();
        MemberRoutingTableProvider provider = provider(MemberRoutingTableProvider.builder(known::get)
                .writerChoice(WriterChoice.SINGLE).localRoles(java.util.EnumSet.of(Role.ROUTE, Role.READ)));
        assertThat(route(provider).writers()).containsExactly("bolt-2:7687");
        known.set(List.of(BoltMember.of("bolt-2:7687"), BoltMember.of("bolt-3:7687")));
        assertThat(route(provider).writers()).as("two claim to be the writer").isEmpty();
        assertThat(route(provider).readers()).containsExactly(LOCAL, "bolt-2:7687", "bolt-3:7687");
        assertThat(localWrites).isFalse();
    }

    @Test
    void aWriterChoiceCannotNameAMemberThatIsNotACandidate() {
        known.set(List.of(BoltMember.of("bolt-2:7687").withHealth(Health.UNKNOWN)));
        MemberRoutingTableProvider provider = provider(MemberRoutingTableProvider.builder(known::get)
                .writerChoice(candidates -> List.of("bolt-2:7687")));
        assertThatThrownBy(() -> route(provider)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a candidate");
    }

    @Test
    void anUnhealthyLocalInstanceIsLeftOut() throws Exception {
        known.set(List.of(BoltMember.of("bolt-2:7687")));
        AtomicBoolean healthy = new AtomicBoolean(false);
        MemberRoutingTableProvider provider = provider(MemberRoutingTableProvider.builder(known::get)
                .localHealth(healthy::get));
        assertThat(route(provider).readers()).containsExactly("bolt-2:7687");
        known.set(List.of());
        RoutingTable alone = route(provider);
        assertThat(alone.readers()).as("nobody else: still there to read").containsExactly(LOCAL);
        assertThat(alone.writers()).as("but never to write").isEmpty();
        known.set(List.of(BoltMember.of("bolt-2:7687")));
        healthy.set(true);
        assertThat(route(provider).readers()).containsExactly(LOCAL, "bolt-2:7687");
    }

    @Test
    void leavingTakesTheLocalInstanceOutForOneTtl() throws Exception {
        known.set(List.of(BoltMember.of(LOCAL), BoltMember.of("bolt-2:7687")));
        MemberRoutingTableProvider provider = provider();
        assertThat(provider.leave()).isEqualTo(Duration.ofSeconds(2));
        RoutingTable table = route(provider);
        assertThat(table.routers()).containsExactly("bolt-2:7687");
        assertThat(table.readers()).containsExactly("bolt-2:7687");
        assertThat(table.writers()).containsExactly("bolt-2:7687");
    }

    @Test
    void aLastMemberLeavingStaysInTheTableAndDoesNotWait() throws Exception {
        known.set(List.of(BoltMember.of("bolt-2:7687").withHealth(Health.DOWN)));
        MemberRoutingTableProvider provider = provider();
        assertThat(provider.leave()).as("nobody to move to").isZero();
        assertThat(route(provider).readers()).containsExactly(LOCAL);
        assertThat(route(provider).writers()).as("still the only one").containsExactly(LOCAL);
    }

    @Test
    void aFailingSourceLeavesTheMembersItGaveLast() throws Exception {
        AtomicBoolean failing = new AtomicBoolean();
        MemberRoutingTableProvider provider = provider(MemberRoutingTableProvider.builder(() -> {
            if (failing.get()) {
                throw new IllegalStateException("registry unreachable");
            }
            return List.of(BoltMember.of("bolt-2:7687"));
        }));
        assertThat(route(provider).readers()).containsExactly(LOCAL, "bolt-2:7687");
        failing.set(true);
        assertThat(route(provider).readers()).containsExactly(LOCAL, "bolt-2:7687");
    }

    @Test
    void membersAndTtlAreChecked() {
        assertThatThrownBy(() -> BoltMember.of("no-port")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemberRoutingTableProvider.builder(List::of).ttl(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number of seconds");
    }
}
