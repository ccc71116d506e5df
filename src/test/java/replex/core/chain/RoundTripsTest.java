package replex.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RoundTripsTest {

    @Test
    void countsHotColdHotAsOneRoundTrip() {
        // Three levels; replica 0 starts cold, replica 2 hot.
        RoundTrips t = new RoundTrips(3, new int[] {0, 1, 2});
        int[] path = {1, 2, 1, 0, 1, 2, 1, 0, 1, 2};
        for (int level : path) {
            t.observe(0, level, true);
        }
        // cold(start) → hot → cold → hot → cold → hot: two completed hot→cold→hot trips.
        assertEquals(2, t.roundTrips());
        // hot → cold arrivals: two.
        assertEquals(2, t.restarts());
    }

    @Test
    void lingeringAtAnEndDoesNotCount() {
        RoundTrips t = new RoundTrips(2, new int[] {1, 0});
        for (int level : new int[] {1, 1, 0, 0, 0, 1, 1}) {
            t.observe(0, level, true);
        }
        assertEquals(1, t.roundTrips());
        assertEquals(1, t.restarts());
    }

    @Test
    void burnInMovesAreTrackedButNotCounted() {
        RoundTrips t = new RoundTrips(2, new int[] {1, 0});
        t.observe(0, 0, false);
        t.observe(0, 1, true);
        assertEquals(1, t.roundTrips(), "the trip finished after burn-in counts");
        assertEquals(0, t.restarts(), "the restart during burn-in does not");
    }

    @Test
    void singleLevelHasNoRoundTrips() {
        RoundTrips t = new RoundTrips(1, new int[] {0});
        for (int i = 0; i < 10; i++) {
            t.observe(0, 0, true);
        }
        assertEquals(0, t.roundTrips());
        assertEquals(0, t.restarts());
    }
}
