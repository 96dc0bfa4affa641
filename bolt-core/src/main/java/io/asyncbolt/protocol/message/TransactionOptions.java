package io.asyncbolt.protocol.message;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Typed view of the {@code extra} map that RUN (auto-commit) and BEGIN share: bookmarks, timeout,
 * metadata, access mode, database, impersonated user and notification filters.
 */
public interface TransactionOptions {

    String BOOKMARKS = "bookmarks";
    String TX_TIMEOUT = "tx_timeout";
    String TX_METADATA = "tx_metadata";
    String MODE = "mode";
    String DATABASE = "db";
    String IMPERSONATED_USER = "imp_user";
    String NOTIFICATIONS_MINIMUM_SEVERITY = "notifications_minimum_severity";
    /** The 5.6+ name; the codec translates it to/from {@code notifications_disabled_categories} on 5.2-5.4. */
    String NOTIFICATIONS_DISABLED_CLASSIFICATIONS = "notifications_disabled_classifications";
    String NOTIFICATIONS_DISABLED_CATEGORIES = "notifications_disabled_categories";

    /** The raw {@code extra} map, never null. */
    Map<String, Object> extra();

    default List<String> bookmarks() {
        return MessageMaps.strings(extra(), BOOKMARKS);
    }

    /** The transaction timeout, or null for the server default. */
    default Duration txTimeout() {
        long millis = MessageMaps.longValue(extra(), TX_TIMEOUT, -1);
        return millis < 0 ? null : Duration.ofMillis(millis);
    }

    default Map<String, Object> txMetadata() {
        return MessageMaps.map(extra(), TX_METADATA);
    }

    /** True for {@code mode: "r"}; anything else (absent included) is write mode. */
    default boolean readOnly() {
        return "r".equals(extra().get(MODE));
    }

    /** The database name, or null for the home database. */
    default String database() {
        String db = MessageMaps.string(extra(), DATABASE);
        return db == null || db.isEmpty() ? null : db;
    }

    default String impersonatedUser() {
        return MessageMaps.string(extra(), IMPERSONATED_USER);
    }
}
