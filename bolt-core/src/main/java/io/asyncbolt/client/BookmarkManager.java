package io.asyncbolt.client;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps the bookmarks that chain causally dependent work across sessions: a session configured with a
 * manager starts each unit of work from the manager's bookmarks (and its own), and hands the manager the
 * bookmark that unit of work produced. Implementations must be thread-safe and fast: they are called on
 * the way of every unit of work, possibly on a network thread.
 */
public interface BookmarkManager {

    /** The bookmarks to wait for. */
    Set<String> bookmarks();

    /** A unit of work that started from {@code previous} produced {@code next}: replace the one by the other. */
    void updateBookmarks(Set<String> previous, Set<String> next);

    /** A manager that starts with no bookmarks. */
    static BookmarkManager create() {
        return create(Set.of(), null, null);
    }

    /**
     * The client's manager.
     *
     * @param initial  the bookmarks to start with
     * @param supplier extra bookmarks added to each {@link #bookmarks()} answer (not kept), or null
     * @param consumer told the manager's bookmarks each time they change, or null
     */
    static BookmarkManager create(Set<String> initial, Supplier<Set<String>> supplier, Consumer<Set<String>> consumer) {
        return new Default(initial, supplier, consumer);
    }

    /** The client's manager: a set guarded by its own lock. */
    final class Default implements BookmarkManager {
        private final Set<String> bookmarks;
        private final Supplier<Set<String>> supplier;
        private final Consumer<Set<String>> consumer;

        private Default(Set<String> initial, Supplier<Set<String>> supplier, Consumer<Set<String>> consumer) {
            this.bookmarks = new LinkedHashSet<>(initial == null ? Set.of() : initial);
            this.supplier = supplier;
            this.consumer = consumer;
        }

        @Override
        public Set<String> bookmarks() {
            Set<String> all;
            synchronized (this) {
                all = new LinkedHashSet<>(bookmarks);
            }
            if (supplier != null) {
                Set<String> extra = supplier.get();
                if (extra != null) {
                    all.addAll(extra);
                }
            }
            return all;
        }

        @Override
        public void updateBookmarks(Set<String> previous, Set<String> next) {
            if (next == null || next.isEmpty()) {
                return;
            }
            Set<String> now;
            synchronized (this) {
                bookmarks.removeAll(previous);
                bookmarks.addAll(next);
                now = Set.copyOf(bookmarks);
            }
            if (consumer != null) {
                consumer.accept(now);
            }
        }
    }
}
