package replex.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import replex.core.ConfigurationException;

/**
 * What {@code replex bench} runs: the settings (worker threads per node × nodes) in the order
 * listed, each {@code repeats} times. The first setting is the baseline of speed-up and
 * efficiency.
 *
 * <p>Settings are the cross product of {@code --workers} and {@code --nodes}, nodes outer: for
 * {@code --workers 0,1,2 --nodes 1,2} they are (0, 1), (1, 1), (2, 1), (1, 2), (2, 2). Workers 0
 * is the sequential engine, which runs in one JVM: it is paired with nodes 1 only.
 *
 * @param settings the settings, in run order, at least one
 * @param repeats runs of every setting, at least 1
 */
record BenchPlan(List<Setting> settings, int repeats) {

    /** The largest {@code --nodes} value: every node is a JVM on this machine. */
    static final int MAX_NODES = 16;
    /** The largest {@code --workers} value. */
    static final int MAX_WORKERS = 4096;
    /** The largest {@code --repeats} value. */
    static final int MAX_REPEATS = 1000;

    /**
     * One configuration of the engine.
     *
     * @param workers worker threads per node; 0 = the sequential engine
     * @param nodes JVMs: 1 runs {@code replex run}, more start a local cluster of that many
     *     {@code replex node}s and {@code replex submit} the job to it
     */
    record Setting(int workers, int nodes) {

        /** @return threads that run replica steps: workers × nodes, the sequential engine counting 1 */
        int threads() {
            return Math.max(workers, 1) * nodes;
        }

        /** @return a file-name-safe name, e.g. {@code w2-n1} */
        String id() {
            return "w" + workers + "-n" + nodes;
        }

        /** @return e.g. "workers 2, nodes 1" */
        String label() {
            return "workers " + workers + ", nodes " + nodes;
        }

        /** @return what runs, e.g. "sequential engine" or "actor engine, 2 nodes x 2 worker threads" */
        String engine() {
            if (workers == 0) {
                return "sequential engine";
            }
            return "actor engine, " + (nodes == 1 ? "1 JVM" : nodes + " nodes") + " x " + workers + " worker thread"
                    + (workers == 1 ? "" : "s");
        }
    }

    BenchPlan {
        settings = List.copyOf(settings);
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("no settings");
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        }
    }

    /** @return the first setting: speed-up and efficiency are relative to it */
    Setting baseline() {
        return settings.get(0);
    }

    /** @return settings × repeats */
    int runs() {
        return settings.size() * repeats;
    }

    /**
     * Builds the plan from the option values.
     *
     * @param workers the {@code --workers} text, e.g. {@code 0,1,2,4}
     * @param nodes the {@code --nodes} text, e.g. {@code 1,2}
     * @param repeats the {@code --repeats} value
     * @return the plan
     * @throws ConfigurationException naming the option if a value is invalid, or if a listed value
     *     would give no setting (workers 0 without nodes 1; nodes &gt; 1 with workers 0 only)
     */
    static BenchPlan parse(String workers, String nodes, int repeats) {
        List<Integer> workerCounts = parseList("--workers", workers, 0, MAX_WORKERS);
        List<Integer> nodeCounts = parseList("--nodes", nodes, 1, MAX_NODES);
        if (repeats < 1 || repeats > MAX_REPEATS) {
            throw new ConfigurationException("--repeats", "must be an integer >= 1 and <= " + MAX_REPEATS + ", got "
                    + repeats);
        }
        boolean actorWorkers = workerCounts.stream().anyMatch(w -> w > 0);
        for (int n : nodeCounts) {
            if (n > 1 && !actorWorkers) {
                throw new ConfigurationException("--nodes", "nodes " + n + " needs workers >= 1 in --workers: workers "
                        + "0 is the sequential engine, which runs in one JVM (nodes 1 only); e.g. --workers 0,1,2 "
                        + "--nodes 1," + n);
            }
        }
        if (workerCounts.contains(0) && !nodeCounts.contains(1)) {
            throw new ConfigurationException("--workers", "workers 0 (the sequential engine) runs in one JVM and "
                    + "needs nodes 1 in --nodes, got --nodes " + nodes.strip() + "; add 1 to --nodes or drop 0 from "
                    + "--workers");
        }
        List<Setting> settings = new ArrayList<>();
        for (int n : nodeCounts) {
            for (int w : workerCounts) {
                if (w == 0 && n > 1) {
                    continue; // the sequential engine has no cluster form
                }
                settings.add(new Setting(w, n));
            }
        }
        return new BenchPlan(settings, repeats);
    }

    /**
     * Parses a comma-separated list of distinct integers in [min, max].
     *
     * @throws ConfigurationException naming {@code option}
     */
    static List<Integer> parseList(String option, String text, int min, int max) {
        String allowed = "a comma-separated list of distinct integers >= " + min + " and <= " + max
                + (min == 0 ? " (e.g. 0,1,2,4)" : " (e.g. 1,2,3)");
        if (text == null || text.isBlank()) {
            throw new ConfigurationException(option, "must be " + allowed + ", got nothing");
        }
        Set<Integer> values = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String item = part.strip();
            int value;
            try {
                value = Integer.parseInt(item);
            } catch (NumberFormatException e) {
                throw new ConfigurationException(option, "must be " + allowed + "; '" + item + "' in '" + text.strip()
                        + "' is not an integer");
            }
            if (value < min || value > max) {
                throw new ConfigurationException(option, "must be " + allowed + "; got " + value);
            }
            if (!values.add(value)) {
                throw new ConfigurationException(option, "must be " + allowed + "; " + value + " is listed twice");
            }
        }
        return List.copyOf(values);
    }
}
