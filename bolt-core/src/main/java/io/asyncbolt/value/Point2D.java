package io.asyncbolt.value;

/**
 * A 2D point (PackStream struct {@code X}).
 *
 * @param srid coordinate reference system, e.g. {@link Point#CARTESIAN} or {@link Point#WGS_84}
 * @param x    x or longitude
 * @param y    y or latitude
 */
public record Point2D(int srid, double x, double y) implements Point {
}
