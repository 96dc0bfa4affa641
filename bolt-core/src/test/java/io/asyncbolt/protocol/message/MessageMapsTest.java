package io.asyncbolt.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Messages never change under their holder: they copy a caller's map, and take an owned or JDK-immutable one as is. */
class MessageMapsTest {

    @Test
    void aMessageBuiltFromAMapTheCallerKeepsIsNotChangedByTheCaller() {
        Map<String, Object> mine = new LinkedHashMap<>(Map.of("bookmark", "b1"));
        SuccessMessage success = new SuccessMessage(mine);
        mine.put("bookmark", "b2");
        assertThat(success.bookmark()).isEqualTo("b1");
        assertThatThrownBy(() -> success.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anOwnedMapIsTakenAsItIsAndCannotBeChangedThroughTheMessage() {
        Map<String, Object> fresh = new LinkedHashMap<>();
        fresh.put("fields", java.util.List.of("n"));
        fresh.put("t_first", 3L);
        Map<String, Object> owned = OwnedMaps.readOnly(fresh);
        SuccessMessage success = new SuccessMessage(owned);

        assertThat(success.metadata()).isSameAs(owned).containsExactly(Map.entry("fields", java.util.List.of("n")),
                Map.entry("t_first", 3L));
        assertThatThrownBy(() -> success.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> success.metadata().entrySet().iterator().next().setValue(1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> success.metadata().keySet().remove("fields"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(success.metadata()).isEqualTo(fresh).hasSameHashCodeAs(fresh);
    }

    @Test
    void aJdkImmutableMapIsTakenAsItIs() {
        Map<String, Object> immutable = Map.of("has_more", true);
        assertThat(new SuccessMessage(immutable).metadata()).isSameAs(immutable);
    }
}
