package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.SystemQueries;

/**
 * Tells tools what the application's data holds: the labels, relationship types, property keys and counts
 * that {@code db.labels()}, {@code db.relationshipTypes()}, {@code db.propertyKeys()} and Neo4j Browser's
 * sidebar polls answer. A bean of this type replaces what the auto-configuration derives from the
 * {@link BoltQuery} statements and {@code bolt.server.catalog.*}; it is asked for each such query, on a
 * handler thread, so it may count rows in the application's store.
 */
@FunctionalInterface
public interface BoltGraphCatalog {

    /** What the data holds now. */
    SystemQueries.Catalog catalog();
}
