/**
 * JMH benchmarks of Replex (Maven profile {@code jmh}, not part of the unit tests or {@code mvn verify}):
 *
 * <pre>
 * mvn -q -Pjmh -DskipTests package
 * java -jar target/benchmarks.jar -wi 2 -i 3 -f 1 -w 1s -r 1s     # every benchmark
 * java -cp target/benchmarks.jar replex.bench.MessageSizes          # serialized sizes of the round messages
 * </pre>
 *
 * <ul>
 *   <li>{@link replex.bench.EngineOverheadBenchmark}: the sequential engine against a minimal hand-written
 *       parallel-tempering loop, in replica-steps per second;
 *   <li>{@link replex.bench.RoundCostBenchmark}: the time of one round of the local actor engine and of the
 *       sequential engine, for 8, 64 and 512 replicas with one step per round;
 *   <li>{@link replex.bench.MessageSerializationBenchmark} and {@link replex.bench.MessageSizes}: Kryo
 *       serialization time and size of {@code RunRounds}, {@code RoundsDone} and {@code ReplicaSnapshot}.
 * </ul>
 *
 * See docs/benchmarks.md, section "JMH".
 */
package replex.bench;
