package org.xbarspice.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Spark executor on a local master: outcomes reach the driver as their points end, in the order of the points. */
class SparkExecutorTest {
    /** Counted down when the driver is told of point 0's outcome; point 1 waits for it in its executor (one JVM). */
    private static final CountDownLatch POINT_ZERO_REPORTED = new CountDownLatch(1);

    /** A cluster of more cores than 512 gets two jobs a core (a fixed 512 left the rest of a 1,000-core cluster idle). */
    @Test
    void aLargeClusterGetsJobsForEveryCore() {
        assertEquals(512, SparkExecutor.jobsInFlight(2));
        assertEquals(2000, SparkExecutor.jobsInFlight(1000));
    }

    /**
     * A sweep on Spark printed no progress until its last point ended: one job for all points gave every outcome at its
     * end. Point 1 here ends only once point 0's outcome has reached the driver (or after 20 s, when it says so).
     */
    @Test
    void outcomesReachTheDriverAsTheirPointsEnd() {
        List<String> told = new ArrayList<>();
        List<String> outcomes = new SparkExecutor("local[2]", Map.of()).run(new Waiting(), List.of(0, 1, 2), o -> {
            synchronized (told) {
                told.add(o);
            }
            if (o.equals("point 0")) {
                POINT_ZERO_REPORTED.countDown();
            }
        });
        assertEquals(List.of("point 0", "point 1 after point 0 was reported", "point 2"), outcomes);
        assertEquals("point 0", told.get(0));
        assertEquals(3, told.size());
    }

    /** Three points; point 1 waits for the driver to report point 0. */
    private static final class Waiting implements TextTasks {
        @Override
        public String name() {
            return "SparkExecutorTest";
        }

        @Override
        public String run(int index) {
            if (index != 1) {
                return "point " + index;
            }
            try {
                return POINT_ZERO_REPORTED.await(20, TimeUnit.SECONDS) ? "point 1 after point 0 was reported"
                        : "point 1 before point 0 was reported";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "point 1 interrupted";
            }
        }

        @Override
        public Recipe<String> recipe() {
            return new WaitingRecipe();
        }
    }

    private record WaitingRecipe() implements PointTasks.Recipe<String> {
        @Override
        public PointTasks<String> build() {
            return new Waiting();
        }
    }
}
