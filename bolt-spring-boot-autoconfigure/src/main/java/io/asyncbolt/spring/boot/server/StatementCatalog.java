package io.asyncbolt.spring.boot.server;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labels, relationship types and property keys written in Cypher statements (the {@code @BoltQuery}
 * mappings): {@code (b:Book:Item)}, {@code [w:WROTE|EDITED]}, {@code {isbn: $isbn}} and {@code b.year}. A
 * reading of the text, not a parse: good enough to tell tools what the handlers serve.
 */
final class StatementCatalog {

    private static final String NAME = "`?[A-Za-z_][A-Za-z0-9_]*`?";
    private static final Pattern NODE = Pattern.compile("\\(\\s*(?:" + NAME + ")?\\s*((?::\\s*" + NAME + "\\s*)+)");
    private static final Pattern RELATIONSHIP = Pattern.compile(
            "\\[\\s*(?:" + NAME + ")?\\s*:\\s*(" + NAME + "(?:\\s*\\|\\s*:?\\s*" + NAME + ")*)");
    private static final Pattern MAP = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern MAP_KEY = Pattern.compile("(?:^|,)\\s*(" + NAME + ")\\s*:");
    private static final Pattern PROPERTY = Pattern.compile(
            "(?<![$\\w.`])([A-Za-z_][A-Za-z0-9_]*)\\.(" + NAME + ")(?!\\s*\\()(?![.\\w`])");

    final Set<String> labels = new LinkedHashSet<>();
    final Set<String> relationshipTypes = new LinkedHashSet<>();
    final Set<String> propertyKeys = new LinkedHashSet<>();

    StatementCatalog(Collection<String> statements) {
        for (String statement : statements) {
            read(statement);
        }
    }

    private void read(String statement) {
        Matcher node = NODE.matcher(statement);
        while (node.find()) {
            for (String label : node.group(1).split(":")) {
                add(labels, label);
            }
        }
        Matcher relationship = RELATIONSHIP.matcher(statement);
        while (relationship.find()) {
            for (String type : relationship.group(1).split("\\|")) {
                add(relationshipTypes, type.replace(":", ""));
            }
        }
        Matcher map = MAP.matcher(statement);
        while (map.find()) {
            Matcher key = MAP_KEY.matcher(map.group(1));
            while (key.find()) {
                add(propertyKeys, key.group(1));
            }
        }
        Matcher property = PROPERTY.matcher(statement);
        while (property.find()) {
            add(propertyKeys, property.group(2));
        }
    }

    private static void add(Set<String> names, String name) {
        String trimmed = name.trim().replace("`", "");
        if (!trimmed.isEmpty()) {
            names.add(trimmed);
        }
    }

    static List<String> merge(Collection<String> first, Collection<String> second) {
        Set<String> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
