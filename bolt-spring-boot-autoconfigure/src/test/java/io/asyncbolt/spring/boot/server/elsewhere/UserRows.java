package io.asyncbolt.spring.boot.server.elsewhere;

/** Row types as a user writes them in their own package: not public, as in README's sketch. */
public final class UserRows {

    record Person(String name, long age) {
    }

    static final class Book {
        private final String title;

        Book(String title) {
            this.title = title;
        }

        public String getTitle() {
            return title;
        }

        public int getPages() {
            return 320;
        }
    }

    private UserRows() {
    }

    public static Object person(String name, long age) {
        return new Person(name, age);
    }

    public static Object book(String title) {
        return new Book(title);
    }
}
