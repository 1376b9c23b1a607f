package org.xbarspice.sweep;

import java.io.Serializable;

/**
 * Independent points of a study, run by index by a {@link PointExecutor}: the training runs of a {@link Sweep}, the
 * array designs of a design study. An executor may run a point in this JVM ({@link LocalPool}) or in another one
 * ({@link SparkExecutor}), where the tasks are built again from their {@link #recipe()} and the outcome travels back as
 * text.
 *
 * @param <O> the outcome of one point
 */
public interface PointTasks<O> {
    /** A short name of the study (the cluster's application name). */
    String name();

    /**
     * Runs point {@code index} in this JVM; a point that fails returns its failure in the outcome, it does not throw,
     * except in tasks built from a {@link Recipe} in a JVM that cannot read what the point needs.
     */
    O run(int index);

    /** The outcome as text, for an executor in another JVM to send it to the driver. */
    String encode(O outcome);

    /** The outcome of point {@code index} from its {@link #encode} text. */
    O decode(int index, String text);

    /**
     * The outcome of point {@code index} that could not run where the executor sent it ({@code failure} says why: a
     * Spark executor that cannot build the tasks from their {@link #recipe()}, or read that point's inputs), recorded as
     * {@link #run} records a point that fails.
     */
    O failed(int index, String failure);

    /** How another JVM builds the same tasks: serializable and small (paths and settings, not results). */
    Recipe<O> recipe();

    /**
     * Builds a {@link PointTasks} again in another JVM. What that JVM cannot read (a file on a path it does not see) fails
     * the points that need it, when they {@link #run}: their executor tells the driver, which records them as
     * {@link #failed}.
     */
    interface Recipe<O> extends Serializable {
        /** The tasks this recipe describes. */
        PointTasks<O> build();
    }
}
