package io.asyncbolt.spring.boot.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's Spring Boot snippets compile: each {@code java} block of that section appears in one source file of
 * this package (white space and {@code //} comments aside, README's {@code ...} standing for any
 * code), which the build compiles.
 */
class ReadmeSnippetsTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaSnippetOfTheSpringBootSectionIsInACompiledSource() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("## Spring Boot");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> sources = new ArrayList<>();
        try (var files = Files.list(Path.of("src/test/java/io/asyncbolt/spring/boot/readme"))) {
            for (Path file : files.filter(f -> !f.getFileName().toString().endsWith("Test.java")).toList()) {
                sources.add(normalize(Files.readString(file)));
            }
        }
        List<String> snippets = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(section);
        while (block.find()) {
            snippets.add(block.group(1));
        }
        assertThat(snippets).as("java snippets in README's Spring Boot section").isNotEmpty();
        for (String snippet : snippets) {
            assertThat(sources.stream().anyMatch(source -> contains(source, normalize(snippet))))
                    .as("README snippet not in a file of src/test/java/io/asyncbolt/spring/boot/readme "
                            + "(update both):%n%s", snippet).isTrue();
        }
    }

    @Test
    void readmesHandlerAnswersTheOfficialDriver() {
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(
                        io.asyncbolt.spring.boot.server.BoltServerAutoConfiguration.class))
                .withUserConfiguration(PeopleHandler.class).withPropertyValues("bolt.server.port=0")
                .run(context -> {
                    String port = context.getEnvironment().getProperty("local.bolt.server.port");
                    try (org.neo4j.driver.Driver driver = org.neo4j.driver.GraphDatabase.driver("bolt://127.0.0.1:" + port,
                            org.neo4j.driver.AuthTokens.none(), org.neo4j.driver.Config.builder().withoutEncryption().build());
                            org.neo4j.driver.Session session = driver.session()) {
                        var ada = session.run("MATCH (p:Person {name: $name}) RETURN p", java.util.Map.of("name", "Ada"))
                                .single();
                        assertThat(ada.get("name").asString()).isEqualTo("Ada");
                        assertThat(ada.get("age").asInt()).isEqualTo(36);
                        assertThat(session.run("RETURN 'hello' AS echo").single().get("echo").asString())
                                .isEqualTo("hello");
                    }
                });
    }

    /** Whether {@code source} has the pieces of {@code snippet} between its {@code ...}, in order. */
    private static boolean contains(String source, String snippet) {
        int from = 0;
        for (String piece : snippet.split("\\.\\.\\.")) {
            String text = piece.trim();
            if (text.isEmpty()) {
                continue;
            }
            int at = source.indexOf(text, from);
            if (at < 0) {
                return false;
            }
            from = at + text.length();
        }
        return true;
    }

    /** Without {@code //} comments, with runs of white space as one space. */
    private static String normalize(String code) {
        return code.replaceAll("//[^\\n]*", " ").replaceAll("\\s+", " ");
    }
}
