package io.asyncbolt.testkit;

import io.asyncbolt.client.BookmarkManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * NewBookmarkManager and BookmarkManagerClose: the client's bookmark manager, whose supplier and consumer
 * (when testkit registered them) ask testkit with BookmarksSupplierRequest / BookmarksConsumerRequest and
 * wait for the matching Completed request.
 */
final class BookmarkManagers {

    private final BackendState state;
    private final Callbacks callbacks;
    private final Map<String, BookmarkManager> managers = new ConcurrentHashMap<>();

    BookmarkManagers(BackendState state, Callbacks callbacks) {
        this.state = state;
        this.callbacks = callbacks;
    }

    Map<String, Object> create(Request r) {
        String id = state.newId();
        Set<String> initial = new LinkedHashSet<>();
        if (r.list("initialBookmarks") != null) {
            r.list("initialBookmarks").forEach(b -> initial.add(String.valueOf(b)));
        }
        Supplier<Set<String>> supplier = Boolean.TRUE.equals(r.bool("bookmarksSupplierRegistered"))
                ? () -> supplied(id) : null;
        Consumer<Set<String>> consumer = Boolean.TRUE.equals(r.bool("bookmarksConsumerRegistered"))
                ? bookmarks -> consume(id, bookmarks) : null;
        managers.put(id, BookmarkManager.create(initial, supplier, consumer));
        return Responses.withId("BookmarkManager", id);
    }

    Map<String, Object> close(Request r) {
        String id = r.required("id");
        if (managers.remove(id) == null) {
            throw new Errors.BadRequestException("no bookmark manager " + id);
        }
        return Responses.withId("BookmarkManager", id);
    }

    /** The manager testkit handed out as {@code id}. */
    BookmarkManager get(String id) {
        BookmarkManager manager = managers.get(id);
        if (manager == null) {
            throw new Errors.BadRequestException("no bookmark manager " + id);
        }
        return manager;
    }

    private Set<String> supplied(String managerId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("bookmarkManagerId", managerId);
        Request answer = callbacks.askAndWait("BookmarksSupplierRequest", data);
        Set<String> bookmarks = new LinkedHashSet<>();
        if (answer.list("bookmarks") != null) {
            answer.list("bookmarks").forEach(b -> bookmarks.add(String.valueOf(b)));
        }
        return bookmarks;
    }

    private void consume(String managerId, Set<String> bookmarks) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("bookmarkManagerId", managerId);
        List<String> list = new ArrayList<>(bookmarks);
        data.put("bookmarks", list);
        callbacks.askAndWait("BookmarksConsumerRequest", data);
    }
}
