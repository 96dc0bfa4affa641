package io.asyncbolt.value;

/**
 * A 3D point (PackStream struct {@code Y}).
 *
 * @param srid coordinate reference system, e.g. {@link Point#CARTESIAN_3D} or {@link Point#WGS_84_3D}
 * @param x    x or longitude
 * @param y    y or latitude
 * @param z    z or height
 */
public record Point3D(int srid, double x, double y, double z) implements Point {
}
