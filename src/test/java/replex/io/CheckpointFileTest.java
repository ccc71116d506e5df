package replex.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.typesafe.config.ConfigFactory;

import replex.actors.ParallelismInvarianceTest;
import replex.core.ConfigurationException;
import replex.core.Target;
import replex.core.engine.ProgressListener;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunControl;
import replex.core.engine.RunResult;
import replex.core.engine.ResumeTest;
import replex.core.engine.RunState;
import replex.core.engine.RunStoppedException;
import replex.core.engine.SequentialEngine;
import replex.targets.TargetFactory;

/**
 * Checkpoint files: a write/read round trip loses nothing (the resumed run gives the uninterrupted
 * run's draws to the bit), only the newest files are kept, and a reader falls back to the previous
 * file when the newest is truncated, corrupt, not a checkpoint or of another format version.
 */
class CheckpointFileTest {

    /** Rounds of the periodic checkpoints of the straight run (checkpoint-every = 70, 300 rounds). */
    static final long[] PERIODIC = {70, 140, 210, 280};
    /** A stop during burn-in (ladder and covariance adaptation running, no evidence yet). */
    static final long STOP_IN_BURN_IN = 37;

    static JobSpec spec;
    static Target target;
    static RunResult uninterrupted;
    /** Checkpointed states by round: the periodic ones and the burn-in stop. */
    static final List<RunState> states = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void runStraight() {
        Path base = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        spec = JobSpec.fromConfig(ConfigFactory.parseString("""
                job {
                  seed = 11
                  target { name = gaussian-mixture, weights = [0.3, 0.7], means = [[-4, 0], [4, 1]], sd = 1 }
                  chains = 3
                  temperatures { count = 6, beta-min = 0.02, adapt = true }
                  rounds = 300
                  steps-per-round = 4
                  burn-in-rounds = 120
                  thin = 3
                  proposal { scale = 0.5, adapt = covariance }
                  workers = 0
                  checkpoint-every = 70
                }
                output { dir = "replex-checkpoint-test/out", checkpoint-dir = "replex-checkpoint-test/ckpt" }
                """), JobSpec.Overrides.NONE, base);
        target = TargetFactory.create(spec.target(), ClassLoader.getSystemClassLoader());
        uninterrupted = SequentialEngine.run(spec.sampler(), target, ProgressListener.NONE);

        ResumeTest.StopAt periodic = new ResumeTest.StopAt(Long.MAX_VALUE, spec.checkpointEvery());
        RunResult straight = SequentialEngine.run(spec.sampler(), target, ProgressListener.NONE, null, periodic);
        ParallelismInvarianceTest.assertSameResult(uninterrupted, straight, 0);
        ResumeTest.StopAt stop = new ResumeTest.StopAt(STOP_IN_BURN_IN, 0);
        assertThrows(RunStoppedException.class,
                () -> SequentialEngine.run(spec.sampler(), target, ProgressListener.NONE, null, stop));
        states.addAll(stop.saved);
        states.addAll(periodic.saved);
        List<Long> rounds = states.stream().map(RunState::round).toList();
        assertEquals(List.of(STOP_IN_BURN_IN, 70L, 140L, 210L, 280L), rounds);
    }

    static RunState state(long round) {
        return states.stream().filter(s -> s.round() == round).findFirst().orElseThrow();
    }

    static final RecoveryEvent[] EVENTS = {
        new RecoveryEvent("resumed", "2024-05-01T10:00:00Z", 140, 140, 0, "from /x/checkpoint-000000000140.rpx"),
        new RecoveryEvent("replicas-restored", "2024-05-01T11:00:00Z", 215, 210, 9,
                "chain 2, replicas 0–5 (β ≥ 0.02) on node akka://replex@127.0.0.1:2552"),
        new RecoveryEvent("job-restarted", "2024-05-01T12:00:00Z", 250, 210, 120, null),
    };

    static CheckpointFile.Payload payload(RunState state, RecoveryEvent... events) {
        return new CheckpointFile.Payload("9.9.9-test", spec.toJson(), "2024-05-01T12:34:56.789Z",
                state, events, new String[] {"x[0]", "x[1]"});
    }

    /** Writes the checkpoints of these rounds in order. */
    private List<Path> writeAll(long... rounds) throws IOException {
        List<Path> files = new ArrayList<>();
        for (long r : rounds) {
            files.add(CheckpointFile.write(dir, payload(state(r))));
        }
        return files;
    }

    // ---- round trip ----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(longs = {STOP_IN_BURN_IN, 70, 140, 280})
    void writtenThenReadStateResumesToTheUninterruptedRunsDraws(long round) throws IOException {
        CheckpointFile.Payload written = payload(state(round), EVENTS);
        Path file = CheckpointFile.write(dir, written);
        assertEquals(dir.resolve(CheckpointFile.fileName(round)), file);
        assertEquals(round, CheckpointFile.roundOf(file));

        CheckpointFile.Payload read = CheckpointFile.read(file);
        assertEquals(written.replexVersion(), read.replexVersion());
        assertEquals(written.job(), read.job());
        assertEquals(written.writtenAt(), read.writtenAt());
        assertEquals(round, read.state().round());
        assertEquals(List.of(EVENTS), List.of(read.events()));
        // every component of every record, to the bit: encoding it again gives the same bytes
        assertArrayEquals(CheckpointFile.encode(written), CheckpointFile.encode(read));
        assertEquals(round <= spec.sampler().burnInRounds(), read.state().chains()[0].evidence() == null,
                "no evidence sums before the first sampling round");

        CheckpointFile.Loaded loaded = CheckpointFile.readLatest(dir);
        assertEquals(file, loaded.file());
        assertEquals(List.of(), loaded.skipped());
        Target rebuilt = TargetFactory.create(loaded.spec().target(), ClassLoader.getSystemClassLoader());
        RunResult resumed = SequentialEngine.run(loaded.spec().sampler(), rebuilt, ProgressListener.NONE,
                loaded.payload().state(), RunControl.NONE);
        ParallelismInvarianceTest.assertSameResult(uninterrupted, resumed, 0);
    }

    @Test
    void jobReadBackEqualsTheOriginalJob() throws IOException {
        CheckpointFile.write(dir, payload(state(140)));
        JobSpec back = CheckpointFile.readLatest(dir).spec();
        assertEquals(spec.sampler(), back.sampler());
        assertEquals(70, back.checkpointEvery());
        assertEquals(spec.checkpointEvery(), back.checkpointEvery());
        assertEquals(spec.checkpointDir(), back.checkpointDir());
        assertEquals(spec.outputDir(), back.outputDir());
        assertTrue(back.checkpointDir().isAbsolute() && back.outputDir().isAbsolute());
        assertEquals(spec.workers(), back.workers());
        assertEquals(spec.mode(), back.mode());
        assertEquals(spec.target(), back.target());
    }

    @Test
    void eventsRoundTripIncludingNoneAndNullDetail() throws IOException {
        Path with = CheckpointFile.write(dir, payload(state(70), EVENTS));
        assertEquals(List.of(EVENTS), List.of(CheckpointFile.read(with).events()));
        assertNull(CheckpointFile.read(with).events()[2].detail());
        Path without = CheckpointFile.write(dir, payload(state(140)));
        assertEquals(0, CheckpointFile.read(without).events().length);
    }

    @Test
    void headerLayoutIsAsDocumented() throws IOException {
        Path file = CheckpointFile.write(dir, payload(state(70), EVENTS));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer header = ByteBuffer.wrap(bytes); // big-endian
        assertEquals("RPLXCKPT", new String(bytes, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(CheckpointFile.FORMAT_VERSION, header.getInt(8));
        assertEquals(2, CheckpointFile.FORMAT_VERSION);
        assertEquals(bytes.length - 28L, header.getLong(12));
        CRC32C crc = new CRC32C();
        crc.update(bytes, 28, bytes.length - 28);
        assertEquals(crc.getValue(), header.getLong(20));
        assertEquals(0L, header.getLong(20) >>> 32, "the checksum is in the low 32 bits");
        // Kryo's record serializer writes components sorted by name: Payload.drawsChecksums comes
        // first, a long[] as varint (length + 1) then ZigZag varlongs (the CRC-32C of each chain's
        // draws file), then Payload.events: an array as varint (length + 1), each
        // non-null record element as 1 then its components, RecoveryEvent.at first: an ASCII string
        // of 2..32 chars, last byte with its high bit set
        int chains = state(70).chains().length;
        assertEquals(chains + 1, bytes[28]);
        int at = 29;
        for (int c = 0; c < chains; c++) {
            while ((bytes[at] & 0x80) != 0) {
                at++;
            }
            at++;
        }
        assertEquals(EVENTS.length + 1, bytes[at]);
        assertEquals(1, bytes[at + 1]);
        byte[] ascii = EVENTS[0].at().getBytes(StandardCharsets.US_ASCII);
        ascii[ascii.length - 1] |= (byte) 0x80;
        assertArrayEquals(ascii, Arrays.copyOfRange(bytes, at + 2, at + 2 + ascii.length));
    }

    // ---- retention -----------------------------------------------------------------------------

    @Test
    void onlyTheTwoNewestFilesAreKept() throws IOException {
        assertEquals(2, CheckpointFile.KEEP);
        List<Path> files = writeAll(70);
        assertEquals(files, CheckpointFile.list(dir));
        files = writeAll(140, 210);
        assertEquals(List.of(files.get(1), files.get(0)), CheckpointFile.list(dir), "newest first");
        assertFalse(Files.exists(dir.resolve(CheckpointFile.fileName(70))));
        Path newest = writeAll(280).get(0);
        assertEquals(List.of(newest, files.get(1)), CheckpointFile.list(dir));
        List<Path> kept = CheckpointFile.list(dir);
        try (Stream<Path> all = Files.list(dir)) {
            assertEquals(List.of(), all.filter(p -> !kept.contains(p)
                    && !p.getFileName().toString().matches("draws-\\d{4}\\.bin")).toList(),
                    "no temporary file left behind");
        }
        assertEquals(280, CheckpointFile.readLatest(dir).payload().state().round());
    }

    @Test
    void fileNamesSortByRound() {
        assertEquals("checkpoint-000000000070.rpx", CheckpointFile.fileName(70));
        List<Long> rounds = List.of(9L, 10L, 99L, 100L, 1234L, 2_000_000_000L);
        List<String> names = rounds.stream().map(CheckpointFile::fileName).toList();
        assertEquals(names, names.stream().sorted().toList());
        for (long r : rounds) {
            assertEquals(r, CheckpointFile.roundOf(Path.of(CheckpointFile.fileName(r))));
        }
        assertEquals(-1, CheckpointFile.roundOf(Path.of("checkpoint-70.rpx")));
        assertEquals(-1, CheckpointFile.roundOf(Path.of(".checkpoint-000000000070.rpx.k3j.tmp")));
    }

    @Test
    void listIgnoresOtherFilesAndTemporaryFiles() throws IOException {
        List<Path> files = writeAll(70, 140);
        Files.writeString(dir.resolve("checkpoint-70.rpx"), "x");
        Files.writeString(dir.resolve(".checkpoint-000000000999.rpx.abc.tmp"), "x");
        Files.writeString(dir.resolve("notes.txt"), "x");
        assertEquals(List.of(files.get(1), files.get(0)), CheckpointFile.list(dir));
        assertEquals(List.of(), CheckpointFile.list(dir.resolve("missing")));
    }

    // ---- output.all-levels ---------------------------------------------------------------------

    /** The checkpointed states of the same job with {@code output.all-levels}, by round (70, 140, 210, 280). */
    private static List<RunState> allLevelsStates(JobSpec allLevels) {
        ResumeTest.StopAt periodic = new ResumeTest.StopAt(Long.MAX_VALUE, allLevels.checkpointEvery());
        SequentialEngine.run(allLevels.sampler(), target, ProgressListener.NONE, null, periodic);
        return periodic.saved;
    }

    @Test
    void everyLevelsDrawsGoToTheirOwnFilesInAVersionThreeCheckpointAndComeBack() throws IOException {
        JobSpec allLevels = JobSpec.fromConfig(spec.toConfig().withValue("output.all-levels",
                com.typesafe.config.ConfigValueFactory.fromAnyRef(true)), JobSpec.Overrides.NONE, null);
        assertTrue(allLevels.sampler().allLevels());
        List<RunState> saved = allLevelsStates(allLevels);
        int levels = allLevels.sampler().levels();
        List<Path> files = new ArrayList<>();
        List<CheckpointFile.Payload> written = new ArrayList<>();
        for (RunState state : saved.subList(0, 3)) { // 70 (burn-in), 140, 210
            CheckpointFile.Payload p = new CheckpointFile.Payload("9.9.9-test", allLevels.toJson(),
                    "2024-05-01T12:34:56.789Z", state, new RecoveryEvent[0], new String[] {"x[0]", "x[1]"});
            written.add(p);
            Path file = CheckpointFile.write(dir, p);
            files.add(file);
            assertEquals(state.round() < 120 ? CheckpointFile.FORMAT_VERSION : CheckpointFile.ALL_LEVELS_FORMAT_VERSION,
                    ByteBuffer.wrap(Files.readAllBytes(file)).getInt(8), "round " + state.round()
                    + ": version 2 while no draw is kept (burn-in), 3 once every level holds draws");
        }
        int rows = saved.get(2).chains()[0].drawRows();
        assertEquals((210 - 120) * 4 / 3, rows);
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < levels; k++) {
                Path f = dir.resolve(k == 0 ? String.format("draws-%04d.bin", c)
                        : String.format("draws-%04d-level-%04d.bin", c, k));
                assertEquals(8L * rows * 4, Files.size(f), f.toString());
            }
        }
        CheckpointFile.Payload read = CheckpointFile.read(files.get(2));
        assertArrayEquals(CheckpointFile.encode(written.get(2)), CheckpointFile.encode(read),
                "every level's draws read back to the bit");
        assertEquals((long) levels * rows * 4, read.state().chains()[1].draws().length);
        // the older checkpoint still reads its own (shorter) rows of every level's file
        assertArrayEquals(CheckpointFile.encode(written.get(1)), CheckpointFile.encode(CheckpointFile.read(files.get(1))));

        // a level's file damaged: named in the error, and the reader falls back to the older checkpoint
        Path level3 = dir.resolve("draws-0001-level-0003.bin");
        byte[] b = Files.readAllBytes(level3);
        b[b.length - 1] ^= 0x01;
        Files.write(level3, b);
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(files.get(2)));
        assertTrue(e.getMessage().contains("draws-0001-level-0003.bin") && e.getMessage().contains("checksum"),
                e.getMessage());
        assertEquals(files.get(1), CheckpointFile.readLatest(dir).file());

        // the state resumes to the uninterrupted run, every level included
        RunResult straight = SequentialEngine.run(allLevels.sampler(), target, ProgressListener.NONE);
        RunResult resumed = SequentialEngine.run(allLevels.sampler(), target, ProgressListener.NONE,
                CheckpointFile.readLatest(dir).payload().state(), RunControl.NONE);
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < levels; k++) {
                var expected = straight.chains().get(c).levelDraws().get(k);
                var actual = resumed.chains().get(c).levelDraws().get(k);
                assertArrayEquals(expected.rows(0, expected.rows()), actual.rows(0, actual.rows()),
                        "chain " + c + ", level " + k);
            }
        }
        // a level-0-only job does not take an all-levels state
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> read.state().check(spec.sampler(), 2));
        assertTrue(wrong.getMessage().contains("output.all-levels = false"), wrong.getMessage());

        CheckpointFile.deleteAll(dir);
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "every level's draws file deleted");
        }
    }

    // ---- damaged files -------------------------------------------------------------------------

    enum Damage {
        TRUNCATED_IN_PAYLOAD("truncated"),
        TRUNCATED_IN_HEADER("truncated"),
        EMPTY("truncated"),
        BYTE_FLIPPED_IN_PAYLOAD("checksum"),
        BAD_MAGIC("not a Replex checkpoint"),
        OTHER_VERSION("version 9");

        final String reason;

        Damage(String reason) {
            this.reason = reason;
        }

        void apply(Path file) throws IOException {
            byte[] b = Files.readAllBytes(file);
            int payload = b.length - 28;
            switch (this) {
                case TRUNCATED_IN_PAYLOAD -> b = Arrays.copyOf(b, 28 + payload / 2);
                case TRUNCATED_IN_HEADER -> b = Arrays.copyOf(b, 17);
                case EMPTY -> b = new byte[0];
                case BYTE_FLIPPED_IN_PAYLOAD -> b[28 + payload / 2] ^= 0x01;
                case BAD_MAGIC -> b[0] = 'X';
                case OTHER_VERSION -> ByteBuffer.wrap(b).putInt(8, 9);
                default -> throw new AssertionError(this);
            }
            Files.write(file, b);
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void readLatestFallsBackToThePreviousCheckpoint(Damage damage) throws IOException {
        List<Path> files = writeAll(140, 210);
        Path bad = files.get(1);
        damage.apply(bad);
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(bad));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains(damage.reason), e.getMessage());

        CheckpointFile.Loaded loaded = CheckpointFile.readLatest(dir);
        assertEquals(files.get(0), loaded.file());
        assertEquals(140, loaded.payload().state().round());
        assertEquals(1, loaded.skipped().size(), loaded.skipped().toString());
        String why = loaded.skipped().get(0);
        assertTrue(why.contains(bad.getFileName().toString()) && why.contains(damage.reason), why);
        assertArrayEquals(CheckpointFile.encode(payload(state(140))), CheckpointFile.encode(loaded.payload()));
    }

    @Test
    void fallbackCheckpointResumesToTheUninterruptedRunsDraws() throws IOException {
        List<Path> files = writeAll(210, 280);
        Damage.BYTE_FLIPPED_IN_PAYLOAD.apply(files.get(1));
        CheckpointFile.Loaded loaded = CheckpointFile.readLatest(dir);
        assertEquals(210, loaded.payload().state().round());
        RunResult resumed = SequentialEngine.run(loaded.spec().sampler(), target, ProgressListener.NONE,
                loaded.payload().state(), RunControl.NONE);
        ParallelismInvarianceTest.assertSameResult(uninterrupted, resumed, 0);
    }

    @Test
    void anotherFormatVersionIsRefusedNamingBothVersions() throws IOException {
        Path file = writeAll(70).get(0);
        Damage.OTHER_VERSION.apply(file);
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(file));
        assertTrue(e.getMessage().contains("version 9") && e.getMessage().contains("versions 2, 3 and 5"),
                e.getMessage());
        ConfigurationException c = assertThrows(ConfigurationException.class, () -> CheckpointFile.readLatest(dir));
        assertEquals("checkpoint", c.key());
        assertTrue(c.getMessage().contains("version 9") && c.getMessage().contains("versions 2, 3 and 5"),
                c.getMessage());
    }

    /** Version 4 is an optimize job's checkpoint (OptimizeCheckpointFile): the sampling reader says so. */
    @Test
    void anOptimizeCheckpointIsNamedAsSuch() throws IOException {
        Path file = writeAll(70).get(0);
        byte[] b = Files.readAllBytes(file);
        ByteBuffer.wrap(b).putInt(8, OptimizeCheckpointFile.FORMAT_VERSION);
        Files.write(file, b);
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(file));
        assertTrue(e.getMessage().contains("is a checkpoint of an optimize job (format version 4)"), e.getMessage());
    }

    @Test
    void noValidCheckpointListsEveryFileAndReason() throws IOException {
        List<Path> files = writeAll(140, 210);
        Damage.TRUNCATED_IN_PAYLOAD.apply(files.get(1));
        Damage.BYTE_FLIPPED_IN_PAYLOAD.apply(files.get(0));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> CheckpointFile.readLatest(dir));
        assertEquals("checkpoint", e.key());
        String m = e.getMessage();
        assertTrue(m.contains("no valid checkpoint"), m);
        assertTrue(m.contains(files.get(1).getFileName().toString()) && m.contains("truncated"), m);
        assertTrue(m.contains(files.get(0).getFileName().toString()) && m.contains("checksum"), m);
    }

    @Test
    void emptyOrMissingDirectorySaysThereIsNoCheckpointFile() throws IOException {
        for (Path d : List.of(dir, dir.resolve("missing"))) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> CheckpointFile.readLatest(d));
            assertEquals("checkpoint", e.key());
            assertTrue(e.getMessage().contains("no checkpoint-*.rpx file"), e.getMessage());
        }
        Files.writeString(dir.resolve("notes.txt"), "not a checkpoint");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> CheckpointFile.readLatest(dir));
        assertTrue(e.getMessage().contains("no checkpoint-*.rpx file"), e.getMessage());
    }

    // ---- failed writes -------------------------------------------------------------------------

    @Test
    void writeIntoAnUncreatableDirectoryThrows() throws IOException {
        Path previous = writeAll(70, 140).get(1);
        byte[] before = Files.readAllBytes(previous);
        Path blocker = Files.writeString(dir.resolve("a-file"), "I am a file");
        Path inside = blocker.resolve("checkpoints");
        assertThrows(IOException.class, () -> CheckpointFile.write(inside, payload(state(210))));
        assertFalse(Files.exists(inside));
        assertEquals("I am a file", Files.readString(blocker));
        assertArrayEquals(before, Files.readAllBytes(previous));
        assertEquals(140, CheckpointFile.readLatest(dir).payload().state().round());
    }

    @Test
    void failedWriteLeavesThePreviousCheckpointsUntouched() throws IOException {
        List<Path> files = writeAll(140, 210);
        byte[] older = Files.readAllBytes(files.get(0));
        byte[] newer = Files.readAllBytes(files.get(1));
        // the rename onto the new file's name fails: a non-empty directory holds that name
        Path blocked = dir.resolve(CheckpointFile.fileName(280));
        Files.createDirectory(blocked);
        Files.writeString(blocked.resolve("x"), "x");
        assertThrows(IOException.class, () -> CheckpointFile.write(dir, payload(state(280))));

        assertArrayEquals(older, Files.readAllBytes(files.get(0)), "not pruned, not changed");
        assertArrayEquals(newer, Files.readAllBytes(files.get(1)));
        try (Stream<Path> all = Files.list(dir)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                    "the temporary file is deleted");
        }
        Files.delete(blocked.resolve("x"));
        Files.delete(blocked);
        CheckpointFile.Loaded loaded = CheckpointFile.readLatest(dir);
        assertEquals(files.get(1), loaded.file());
        assertEquals(List.of(), loaded.skipped());
        assertNotNull(loaded.payload().state());
    }

    // ---- draws files ---------------------------------------------------------------------------

    private static final int WIDTH = 4; // d + 2, d = 2

    private Path drawsFile(int chain) {
        return dir.resolve(String.format("draws-%04d.bin", chain));
    }

    private static long drawBytes(long round, int chain) {
        return 8L * WIDTH * state(round).chains()[chain].drawRows();
    }

    @Test
    void checkpointFilesHoldTheStateAndTheDrawsFilesGrowByTheNewRowsOnly() throws IOException {
        int chains = state(140).chains().length;
        assertTrue(state(280).chains()[0].drawRows() > state(140).chains()[0].drawRows() + 100, "draws kept between");
        List<Path> files = writeAll(140, 280);
        for (int c = 0; c < chains; c++) {
            assertEquals(drawBytes(280, c), Files.size(drawsFile(c)), "chain " + c + ": every kept row once");
        }
        // With the draws inline, the newer checkpoint would be larger by every chain's new rows;
        // it differs by less than one chain's.
        long grown = Files.size(files.get(1)) - Files.size(files.get(0));
        assertTrue(Math.abs(grown) < drawBytes(280, 0) - drawBytes(140, 0), "grown by " + grown + " bytes");
        assertArrayEquals(CheckpointFile.encode(payload(state(140))), CheckpointFile.encode(CheckpointFile.read(
                files.get(0))), "the older checkpoint reads its prefix of the longer draws files");
    }

    @Test
    void aDrawsFileLeftByAnotherJobOrACrashedWriteIsNotTrusted() throws IOException {
        byte[] junk = new byte[(int) drawBytes(280, 0) + 123];
        new java.util.Random(5).nextBytes(junk);
        Files.createDirectories(dir);
        Files.write(drawsFile(0), junk); // another job's file, longer than this one's
        Path first = writeAll(140).get(0);
        assertEquals(drawBytes(140, 0), Files.size(drawsFile(0)));
        assertArrayEquals(CheckpointFile.encode(payload(state(140))), CheckpointFile.encode(CheckpointFile.read(first)));

        Files.write(drawsFile(1), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND); // a write cut short
        Path second = writeAll(210).get(0);
        assertEquals(drawBytes(210, 1), Files.size(drawsFile(1)));
        assertArrayEquals(CheckpointFile.encode(payload(state(210))), CheckpointFile.encode(CheckpointFile.read(
                second)));
    }

    @Test
    void aDamagedDrawsFileFailsTheCheckpointsThatNeedTheDamagedRowsOnly() throws IOException {
        List<Path> files = writeAll(140, 210);
        byte[] b = Files.readAllBytes(drawsFile(2));
        int at = (int) (drawBytes(140, 2) + (drawBytes(210, 2) - drawBytes(140, 2)) / 2);
        b[at] ^= 0x10; // in a row that only the newer checkpoint holds
        Files.write(drawsFile(2), b);
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(files.get(1)));
        assertTrue(e.getMessage().contains("draws-0002.bin") && e.getMessage().contains("checksum"), e.getMessage());
        CheckpointFile.Loaded loaded = CheckpointFile.readLatest(dir);
        assertEquals(140, loaded.payload().state().round());
        assertTrue(loaded.skipped().get(0).contains("checksum"), loaded.skipped().toString());

        try (var ch = java.nio.channels.FileChannel.open(drawsFile(2), java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(drawBytes(140, 2) - 1);
        }
        ConfigurationException c = assertThrows(ConfigurationException.class, () -> CheckpointFile.readLatest(dir));
        assertTrue(c.getMessage().contains("truncated") && c.getMessage().contains("draws-0002.bin"), c.getMessage());

        Files.delete(drawsFile(2));
        c = assertThrows(ConfigurationException.class, () -> CheckpointFile.readLatest(dir));
        assertTrue(c.getMessage().contains("draws-0002.bin, which is missing"), c.getMessage());
    }

    @Test
    void aCheckpointWrittenAfterFallingBackContinuesFromTheOlderRows() throws IOException {
        List<Path> files = writeAll(140, 210);
        Damage.BYTE_FLIPPED_IN_PAYLOAD.apply(files.get(1));
        assertEquals(140, CheckpointFile.readLatest(dir).payload().state().round());
        Path again = writeAll(210).get(0); // the resumed run writes round 210 again
        assertEquals(files.get(1), again);
        assertArrayEquals(CheckpointFile.encode(payload(state(210))), CheckpointFile.encode(CheckpointFile.read(again)));
        Path next = writeAll(280).get(0);
        assertArrayEquals(CheckpointFile.encode(payload(state(280))), CheckpointFile.encode(CheckpointFile.read(next)));
    }

    @Test
    void deleteAllRemovesCheckpointsAndDrawsFiles() throws IOException {
        writeAll(140, 210);
        Files.writeString(dir.resolve("notes.txt"), "mine");
        CheckpointFile.deleteAll(dir);
        try (Stream<Path> all = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("notes.txt")), all.toList());
        }
    }

    /** Writes a checkpoint file around a payload, with a correct header and a recomputed CRC. */
    private static Path forged(Path file, byte[] body, long declaredLength) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer header = ByteBuffer.allocate(CheckpointFile.HEADER_BYTES);
        header.put(CheckpointFile.MAGIC).putInt(CheckpointFile.FORMAT_VERSION).putLong(declaredLength)
                .putLong(crc.getValue());
        byte[] bytes = new byte[CheckpointFile.HEADER_BYTES + body.length];
        System.arraycopy(header.array(), 0, bytes, 0, CheckpointFile.HEADER_BYTES);
        System.arraycopy(body, 0, bytes, CheckpointFile.HEADER_BYTES, body.length);
        return Files.write(file, bytes);
    }

    /**
     * Issue 13, scope 5: a forged checkpoint (CRC recomputed) that declares a huge length is refused
     * with an IOException before anything of that size is allocated.
     */
    @Test
    void forgedLengthsInACheckpointAreRefusedBeforeAllocating() throws IOException {
        // a payload of 2^40 bytes declared in the header
        Path big = forged(dir.resolve("checkpoint-000000000010.rpx"), new byte[] {1, 2, 3}, 1L << 40);
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(big));
        assertTrue(e.getMessage().contains("declares a payload of " + (1L << 40) + " bytes"), e.getMessage());

        // a payload whose first field declares about 10^9 elements (or characters) in 6 bytes
        int count = 1_000_000_001;
        byte[] body = {(byte) (0x80 | 0x40 | (count & 0x3F)), (byte) (0x80 | ((count >>> 6) & 0x7F)),
            (byte) (0x80 | ((count >>> 13) & 0x7F)), (byte) (0x80 | ((count >>> 20) & 0x7F)),
            (byte) ((count >>> 27) & 0x7F), 0};
        Path inner = forged(dir.resolve("checkpoint-000000000020.rpx"), body, body.length);
        e = assertThrows(IOException.class, () -> CheckpointFile.read(inner));
        assertTrue(e.getMessage().contains("cannot be decoded") && e.getMessage().contains("declared"),
                e.getMessage());
    }
}
