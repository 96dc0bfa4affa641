package io.asyncbolt.value;

/** A spatial point, 2D (struct {@code X}) or 3D (struct {@code Y}), in a coordinate reference system. */
public sealed interface Point permits Point2D, Point3D {

    /** Cartesian 2D. */
    int CARTESIAN = 7203;
    /** WGS-84 2D (longitude, latitude). */
    int WGS_84 = 4326;
    /** Cartesian 3D. */
    int CARTESIAN_3D = 9157;
    /** WGS-84 3D (longitude, latitude, height). */
    int WGS_84_3D = 4979;

    /** The coordinate reference system id. */
    int srid();

    double x();

    double y();
}
