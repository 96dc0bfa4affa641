/**
 * Test support for Bolt clients: {@link io.asyncbolt.test.BoltStub}, a scripted Bolt server that the
 * official drivers take for Neo4j, written with the Java DSL ({@link io.asyncbolt.test.BoltStub#script()})
 * or as a text script ({@link io.asyncbolt.test.BoltStub#fromResource(String)}), and
 * {@link io.asyncbolt.test.BoltStubExtension} for JUnit 5.
 *
 * <h2>Text scripts</h2>
 * A {@code .bolt} file, line by line ({@code #} starts a comment):
 *
 * <pre>
 * !agent "Neo4j/5.26.0"                    settings first: !agent, !versions 5.8 4.4, !credentials "neo4j" "pw"
 *
 * RUN "MATCH (p:Person) WHERE p.name = $name RETURN p.age AS age"     white space collapsed
 *     params {"name": "Ada"}               exactly these; "params containing {...}" at least these; "params *" any
 *     fields ["age"]
 *     record [36]
 * RUN exactly "RETURN 1"                   character for character; RUN matching "CREATE .*" a regex; RUN * any
 *     failure "Neo.TransientError.Transaction.DeadlockDetected" "try again"
 * BEGIN
 *     extras {"bookmarks": ["bm:1"], "mode": "w"}   at least these extras (bookmarks in any order)
 * RUN "CREATE (:Person {id: $id, at: $at})"
 *     params {"id": 1, "at": *}            * matches any value
 *     stats {"nodes-created": 1}
 * COMMIT
 *     bookmark "bm:2"
 * ROLLBACK
 * ROUTE                                    answered with the stub in every role, or with
 *     routers ["h:7687"]  readers [...]  writers [...]  ttl 300
 *
 * optional { ... }                         blocks span lines: the steps go between the braces
 * repeat 1..3 { ... }                      also repeat 2 { }, repeat 0..* { }, repeat 1..* { }
 * one of { ... } or { ... }                the first alternative matching the next message
 * any order { ... }                        each step once, in any order; group steps with sequence { ... }
 * </pre>
 *
 * Values are JSON (integers are {@code Long}s, decimals {@code Double}s) plus {@code *}, the wildcard, and
 * graph values ({@code node {"id": 4, "labels": ["Movie"], "properties": {...}}}, {@code relationship {...}},
 * {@code path {...}}); a value may span lines inside its brackets, and strings may span lines. A statement may also be a
 * triple-quoted block ({@code """ ... """}), where quotes need no escapes. Escapes are JSON's; any other
 * backslash stays as written, so {@code matching "count\(p\)"} is the regular expression it shows.
 * Clauses usually go one per line under their message but may share its line
 * ({@code RUN * params {"x": 1}}). Other clauses: {@code type "w"} (query type), {@code bookmark} on an
 * auto-commit RUN.
 *
 * <p>A text script becomes the same model as the Java DSL: a {@link io.asyncbolt.test.Script} of
 * {@link io.asyncbolt.test.Step}s, each {@link io.asyncbolt.test.Expectation} with its
 * {@link io.asyncbolt.test.Reply}.
 */
package io.asyncbolt.test;
