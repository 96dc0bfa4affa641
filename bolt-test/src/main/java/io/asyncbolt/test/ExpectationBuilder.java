package io.asyncbolt.test;

import io.asyncbolt.test.internal.ExpectationDraft;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The details of one expected message: the extras it must carry and the answer. Itself a
 * {@link ScriptBuilder}, so the next step follows directly.
 *
 * @param <T> the concrete expectation type, for chaining
 */
public abstract class ExpectationBuilder<T extends ExpectationBuilder<T>> extends ScriptBuilder {

    final ExpectationDraft draft;

    ExpectationBuilder(ScriptBuilder parent, MessageKind kind, String origin) {
        super(parent);
        this.draft = new ExpectationDraft(kind, origin);
        items.add(this);
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    Expectation expectation() {
        return draft.build();
    }

    /** The extra entry {@code key} must match {@code value} ({@link ParameterMatch#anyValue()}: present). */
    public T withExtra(String key, Object value) {
        draft.extras.put(key, value);
        return self();
    }

    /** The target database ({@code db}). */
    public T withDatabase(String database) {
        return withExtra("db", database);
    }

    /** The bookmarks the client sends, in any order. */
    public T withBookmarks(String... bookmarks) {
        return withExtra("bookmarks", List.of(bookmarks));
    }

    /** Declared read-only ({@code mode "r"}); for BEGIN and auto-commit RUN. */
    public T readOnly() {
        return withExtra("mode", "r");
    }

    /** Not declared read-only ({@code mode "w"}); for BEGIN and auto-commit RUN. */
    public T readWrite() {
        return withExtra("mode", "w");
    }

    /** The transaction metadata, exactly. */
    public T withTxMetadata(Map<String, ?> metadata) {
        return withExtra("tx_metadata", Map.copyOf(metadata));
    }

    /** The transaction timeout. */
    public T withTxTimeout(Duration timeout) {
        return withExtra("tx_timeout", timeout.toMillis());
    }

    /** The user to impersonate ({@code imp_user}). */
    public T withImpersonatedUser(String user) {
        return withExtra("imp_user", user);
    }

    /** Answers with a FAILURE of this Neo4j status code instead of SUCCESS. */
    public T fails(String code, String message) {
        draft.failure = new Reply.Failure(code, message);
        return self();
    }
}
