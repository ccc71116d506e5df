package replex.bench;

/**
 * Prints the Kryo-serialised sizes of the round messages of one chain of 8 replicas for d = 2, 10, 100,
 * 1000 (see {@link RoundMessages}):
 *
 * <pre>java -cp target/benchmarks.jar replex.bench.MessageSizes</pre>
 *
 * <p>Columns: {@code RunRounds} (8 items, isotropic proposal, no factor), the same with the 8 levels'
 * d × d factors attached (sent only when a factor changes), {@code RoundsDone} (8 reports, the level-0
 * one with 10 kept draws of d + 2 numbers), a {@code ReplicaSnapshot}, and the growth of
 * {@code RoundsDone} per kept draw and coordinate.
 */
public final class MessageSizes {

    private MessageSizes() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        try (RoundMessages messages = new RoundMessages()) {
            System.out.println("| d | RunRounds, 8 replicas | per replica | RunRounds + 8 factors (d²) | RoundsDone, "
                    + "8 replicas (10 level-0 draws) | RoundsDone / (10·(d+2)·8 B) | ReplicaSnapshot |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (int d : RoundMessages.dimensions()) {
                RoundMessages.Round r = messages.round(d);
                int run = messages.bytes(r.runRounds()).length;
                int runF = messages.bytes(r.runRoundsWithFactors()).length;
                int done = messages.bytes(r.roundsDone()).length;
                int snap = messages.snapshotBytes(r.snapshot()).length;
                System.out.printf("| %d | %d | %.1f | %d | %d | %.2f | %d |%n", d, run, run / 8.0, runF, done,
                        done / (r.keptDraws() * (d + 2) * 8.0), snap);
            }
        }
    }
}
