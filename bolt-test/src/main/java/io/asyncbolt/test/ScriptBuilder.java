package io.asyncbolt.test;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.test.internal.StubSettings;
import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes a {@link Script} step by step, and the stub's settings. Every {@code expect...} method returns the
 * expectation for its details (parameters, answer); the expectation is itself a builder, so the next
 * {@code expect...} simply follows:
 *
 * <pre>{@code
 * BoltStub stub = BoltStub.script()
 *         .expectRun("MATCH (p:Person {name: $name}) RETURN p.age AS age")
 *             .withParameters(Map.of("name", "Ada"))
 *             .returns("age").row(36)
 *         .expectBegin().withBookmarks("bm:1")
 *         .expectRun("CREATE (:Person {name: $name})").withParametersContaining(Map.of("name", "Bob"))
 *         .expectCommit().returnsBookmark("bm:2")
 *         .start();
 * }</pre>
 *
 * Blocks take a lambda that writes their steps: {@link #optional}, {@link #repeat}, {@link #oneOf},
 * {@link #inAnyOrder}, {@link #sequence}.
 */
public class ScriptBuilder {

    final List<Object> items;
    final StubSettings.Builder settings;
    final boolean root;
    private final String name;

    ScriptBuilder(String name) {
        this.items = new ArrayList<>();
        this.settings = new StubSettings.Builder();
        this.root = true;
        this.name = name;
    }

    /** A builder of a block's steps, sharing the settings of its script. */
    private ScriptBuilder(ScriptBuilder parent, boolean sharesItems) {
        this.items = sharesItems ? parent.items : new ArrayList<>();
        this.settings = parent.settings;
        this.root = sharesItems && parent.root;
        this.name = parent.name;
    }

    /** For expectations: they add to their parent's steps. */
    ScriptBuilder(ScriptBuilder parent) {
        this(parent, true);
    }

    // ------------------------------------------------------------ expectations

    /** A RUN whose statement equals this one, white space collapsed; any parameters unless given. */
    public RunExpectation expectRun(String statement) {
        return expectRun(StatementMatch.collapsed(statement));
    }

    /** A RUN whose statement matches the regular expression (white space collapsed first). */
    public RunExpectation expectRunMatching(String regex) {
        return expectRun(StatementMatch.regex(regex));
    }

    /** A RUN whose statement matches as given, e.g. {@link StatementMatch#exactly(String)}. */
    public RunExpectation expectRun(StatementMatch statement) {
        return new RunExpectation(this, Objects.requireNonNull(statement), origin());
    }

    /** A BEGIN, answered with SUCCESS. */
    public RequestExpectation expectBegin() {
        return new RequestExpectation(this, MessageKind.BEGIN, origin());
    }

    /** A COMMIT, answered with a bookmark ({@link RequestExpectation#returnsBookmark}, or one of the stub's). */
    public RequestExpectation expectCommit() {
        return new RequestExpectation(this, MessageKind.COMMIT, origin());
    }

    /** A ROLLBACK sent by the client. */
    public RequestExpectation expectRollback() {
        return new RequestExpectation(this, MessageKind.ROLLBACK, origin());
    }

    /**
     * A ROUTE, answered with the stub in every role unless {@link RequestExpectation#returnsRoutingTable} says
     * otherwise. ROUTE requests the script does not expect get that answer too, without failing.
     */
    public RequestExpectation expectRoute() {
        return new RequestExpectation(this, MessageKind.ROUTE, origin());
    }

    /** The steps of another script (one loaded with {@link BoltStub#fromResource}, say), here. */
    public ScriptBuilder steps(Script script) {
        items.addAll(script.steps());
        return this;
    }

    // ------------------------------------------------------------ blocks

    /** The block's steps zero or one time. */
    public ScriptBuilder optional(Consumer<ScriptBuilder> block) {
        items.add(new Step.Optional(block(block)));
        return this;
    }

    /** The block's steps {@code min} to {@code max} times ({@link Step.Repeat#UNBOUNDED} for no limit). */
    public ScriptBuilder repeat(int min, int max, Consumer<ScriptBuilder> block) {
        items.add(new Step.Repeat(block(block), min, max));
        return this;
    }

    /** The block's steps any number of times, none included. */
    public ScriptBuilder repeat(Consumer<ScriptBuilder> block) {
        return repeat(0, Step.Repeat.UNBOUNDED, block);
    }

    /**
     * Exactly one of the alternatives. The first one that matches the next message answers it; alternatives
     * that start with the same expectation and the same answer stay open until a message tells them apart.
     */
    @SafeVarargs
    public final ScriptBuilder oneOf(Consumer<ScriptBuilder>... alternatives) {
        items.add(new Step.OneOf(Arrays.stream(alternatives).map(this::block).toList()));
        return this;
    }

    /**
     * Each step of the block once, in any order. A member that is a block ({@link #sequence}, say) runs
     * from start to end before another member starts.
     */
    public ScriptBuilder inAnyOrder(Consumer<ScriptBuilder> members) {
        items.add(new Step.AnyOrder(block(members)));
        return this;
    }

    /** The block's steps in order, as one step (a member of {@link #inAnyOrder}). */
    public ScriptBuilder sequence(Consumer<ScriptBuilder> block) {
        items.add(new Step.Sequence(block(block)));
        return this;
    }

    private List<Step> block(Consumer<ScriptBuilder> block) {
        ScriptBuilder steps = new ScriptBuilder(this, false);
        block.accept(steps);
        return steps.steps();
    }

    // ------------------------------------------------------------ settings

    /** The {@code server} agent of HELLO's SUCCESS; default {@code Neo4j/5.26.0}. Must start with {@code Neo4j/}. */
    public ScriptBuilder agent(String agent) {
        settings.agent(agent);
        return this;
    }

    /** The Bolt versions offered; default every version from 4.4 to 6.1. */
    public ScriptBuilder versions(BoltVersion... versions) {
        settings.versions(List.of(versions));
        return this;
    }

    /** Only these credentials (scheme basic) are accepted; by default any HELLO/LOGON is. */
    public ScriptBuilder credentials(String user, String password) {
        settings.credentials(user, password);
        return this;
    }

    /** TLS on the stub's port ({@code bolt+s://}, {@code bolt+ssc://}); {@code required} refuses plain text. */
    public ScriptBuilder tls(SslContext sslContext, boolean required) {
        settings.tls(sslContext, required);
        return this;
    }

    // ------------------------------------------------------------ the end

    /** The script written so far. */
    public Script build() {
        return new Script(name, steps());
    }

    /** Starts a stub on {@code 127.0.0.1}, an ephemeral port, with this script and these settings. */
    public BoltStub start() {
        if (!root) {
            throw new IllegalStateException("start() is for the whole script, not for a block inside it");
        }
        return BoltStub.start(build(), settings.build());
    }

    private List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        for (Object item : items) {
            steps.add(item instanceof ExpectationBuilder<?> expectation ? expectation.expectation() : (Step) item);
        }
        return steps;
    }

    /** Where the caller wrote the expectation, as {@code File.java:line}. */
    private static String origin() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .filter(frame -> !ScriptBuilder.class.isAssignableFrom(frame.getDeclaringClass()))
                .findFirst()
                .map(frame -> frame.getFileName() + ":" + frame.getLineNumber())
                .orElse(""));
    }
}
