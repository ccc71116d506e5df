package replex.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import replex.core.chain.DrawBuffer;

/** How {@link DrawStream} cuts kept draws with metadata strings into chunks. */
class DrawStreamTest {

    private static DrawBuffer rows(int count, int metadataChars) {
        DrawBuffer buffer = new DrawBuffer(1, 0, 1, count);
        String value = "x".repeat(metadataChars);
        for (int r = 0; r < count; r++) {
            buffer.append(new double[] {r, 0, 0}, new String[] {value});
        }
        return buffer;
    }

    @Test
    void withoutMetadataTheDoublesAloneDecide() {
        DrawBuffer plain = new DrawBuffer(1, 0, 0, 10);
        plain.append(new double[30]);
        assertEquals(10, DrawStream.rowsWithin(plain, 0, 10));
    }

    @Test
    void longMetadataStringsShortenTheChunk() {
        // 3 bytes a char + 1: rows of 10 000 chars take 30 001 bytes, so 17 fit in 512 KiB (524 288)
        DrawBuffer draws = rows(40, 10_000);
        assertEquals(17, DrawStream.rowsWithin(draws, 0, 40));
        assertEquals(17, DrawStream.rowsWithin(draws, 20, 20));
        assertEquals(5, DrawStream.rowsWithin(draws, 0, 5));
        // short strings: the count the doubles allow stands
        assertEquals(40, DrawStream.rowsWithin(rows(40, 8), 0, 40));
    }

    @Test
    void oneRowIsSentEvenWhenItsMetadataAloneExceedsTheBudget() {
        DrawBuffer huge = rows(3, 200_000);
        assertEquals(1, DrawStream.rowsWithin(huge, 0, 3));
    }
}
