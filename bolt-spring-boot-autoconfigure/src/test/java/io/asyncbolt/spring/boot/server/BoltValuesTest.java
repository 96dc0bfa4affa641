package io.asyncbolt.spring.boot.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.spring.boot.server.elsewhere.UserRows;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rows from the application's own types, whatever their visibility. */
class BoltValuesTest {

    @Test
    void aNonPublicRecordOfAnotherPackageBecomesARow() {
        Object person = UserRows.person("Ada", 36);

        assertThat(BoltValues.isRow(person)).isTrue();
        assertThat(BoltValues.asMap(person)).containsExactly(Map.entry("name", "Ada"), Map.entry("age", 36L));
    }

    @Test
    void aNonPublicBeanOfAnotherPackageBecomesARow() {
        Object book = UserRows.book("Dune");

        assertThat(BoltValues.isRow(book)).isTrue();
        assertThat(BoltValues.asMap(book)).containsEntry("title", "Dune").containsEntry("pages", 320);
    }
}
