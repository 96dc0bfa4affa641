package io.asyncbolt.spring.boot.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps a method of a {@link BoltHandler} to the statements it answers. Set exactly one of:
 * <ul>
 *   <li>{@link #value()}: an exact statement, compared with white space collapsed and without a
 *       trailing {@code ;} (case-sensitive otherwise);</li>
 *   <li>{@link #procedure()}: a procedure name, matching {@code CALL name(...)} with any arguments and an
 *       optional {@code YIELD a, b} that selects and orders the returned columns;</li>
 *   <li>{@link #fallback()}: anything no other method maps (at most one such method);</li>
 *   <li>{@link #pattern()}: a regular expression over the whole normalised statement; named groups
 *       ({@code (?<name>...)}) are bound to method parameters of the same name.</li>
 * </ul>
 * Exact statements win over procedures, procedures over patterns; a single {@link #fallback()} method
 * takes whatever nothing else maps. Method parameters are bound by name
 * from the RUN parameters (converted with the conversion service), or by type: {@code Map} (all
 * parameters), {@code Query}, {@code RequestContext}, {@code java.security.Principal}, {@code String}
 * annotated {@link BoltParam} or named {@code statement}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface BoltQuery {

    /** The exact statement. */
    String value() default "";

    /** The procedure name, e.g. {@code shop.orders}. */
    String procedure() default "";

    /** A regular expression matching the whole statement. */
    String pattern() default "";

    /** Whether this method takes every statement that nothing else maps. */
    boolean fallback() default false;

    /** Column names for scalar or list-of-scalar results; default one column named after the method. */
    String[] columns() default {};
}
