package io.asyncbolt.server;

/**
 * An explicit transaction opened by BEGIN.
 *
 * @param id      unique within the server
 * @param context the context of BEGIN (database, mode, metadata, bookmarks, principal...)
 */
public record Transaction(String id, RequestContext context) {
}
