package replex.plot;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import replex.core.ConfigurationException;

/**
 * Reads {@code draws.csv} as written by {@link replex.io.DrawsCsv}: a header
 * {@code chain,draw,<parameter names>,log_likelihood,log_prior}, then one row per draw. Columns after
 * {@code log_prior} (the metrics of {@code output.draws-metrics} and the metadata strings of
 * {@code output.draws-metadata}) are not parameters: they are skipped. The header honours RFC 4180
 * quotes, since a parameter name may hold a comma; data rows are split on the commas outside quotes
 * (the writer never quotes numbers, but quotes a metadata string with a comma, a quote or a line
 * break, and such a row goes on over the next lines). Thread-safe (stateless).
 */
final class DrawsCsvReader {

    private static final int LEADING = 2;

    private DrawsCsvReader() {
    }

    /**
     * @param file the {@code draws.csv} of a run
     * @return its draws, by chain in ascending chain number
     * @throws ConfigurationException naming the file (and line) if it is missing, unreadable, empty
     *     or malformed
     */
    static DrawsTable read(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file, reader);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(null, file + " not found: give the output directory of a run "
                    + "('replex run' writes draws.csv and summary.json there)", e);
        } catch (IOException e) {
            throw new ConfigurationException(null, "cannot read " + file + ": " + e, e);
        }
    }

    private static DrawsTable read(Path file, BufferedReader reader) throws IOException {
        String header = reader.readLine();
        if (header == null) {
            throw corrupt(file, 1, "the file is empty (no header)");
        }
        if (!header.isEmpty() && header.charAt(0) == '\uFEFF') {
            header = header.substring(1);
        }
        List<String> columns = splitHeader(file, header);
        int width = columns.size();
        int logLikelihood = logLikelihoodColumn(columns);
        if (logLikelihood < LEADING + 1 || !columns.get(0).equals("chain") || !columns.get(1).equals("draw")) {
            throw corrupt(file, 1, "expected the header chain,draw,<parameter names>,log_likelihood,log_prior"
                    + "[,<metrics>][,<metadata>], got '" + abbreviate(header) + "'");
        }
        List<String> names = columns.subList(LEADING, logLikelihood);
        int d = names.size();
        Map<Integer, ChainColumns> chains = new TreeMap<>();
        int[] starts = new int[width + 1];
        long lineNumber = 1;
        String line;
        boolean context = width > logLikelihood + 2;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String more;
            while (context && openQuote(line) && (more = reader.readLine()) != null) {
                line = line + "\n" + more; // a metadata string with a line break
                lineNumber++;
            }
            int fields = split(line, starts, width);
            if (fields != width) {
                throw corrupt(file, lineNumber, "expected " + width + " fields, got " + (fields > width ? "more"
                        : String.valueOf(fields)));
            }
            int chain;
            long draw;
            try {
                chain = Integer.parseInt(field(line, starts, 0));
                draw = Long.parseLong(field(line, starts, 1));
            } catch (NumberFormatException e) {
                throw corrupt(file, lineNumber, "chain and draw must be integers, got '" + field(line, starts, 0)
                        + "' and '" + field(line, starts, 1) + "'");
            }
            ChainColumns columnsOfChain = chains.computeIfAbsent(chain, c -> new ChainColumns(d));
            double[] row = columnsOfChain.next(draw);
            for (int p = 0; p < d; p++) {
                String text = field(line, starts, LEADING + p);
                try {
                    row[p] = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw corrupt(file, lineNumber, "column '" + names.get(p) + "' is not a number: '"
                            + abbreviate(text) + "'");
                }
                if (!Double.isFinite(row[p])) {
                    throw corrupt(file, lineNumber, "column '" + names.get(p) + "' holds " + abbreviate(text)
                            + "; every parameter value must be a finite number (Replex never writes NaN or "
                            + "Infinity: was the file edited or damaged?)");
                }
            }
            columnsOfChain.commit(row);
        }
        if (chains.isEmpty()) {
            throw corrupt(file, lineNumber, "no draws after the header");
        }
        int[] ids = new int[chains.size()];
        long[][] draws = new long[chains.size()][];
        double[][][] values = new double[chains.size()][][];
        int c = 0;
        for (Map.Entry<Integer, ChainColumns> e : chains.entrySet()) {
            ids[c] = e.getKey();
            draws[c] = e.getValue().draws();
            values[c] = e.getValue().columns();
            c++;
        }
        return new DrawsTable(names, ids, draws, values);
    }

    /**
     * @param columns the header's columns
     * @return the index of the last {@code log_likelihood} column followed by {@code log_prior} (the
     *     metrics after them never bear these names: the writer prefixes such a metric), or −1
     */
    private static int logLikelihoodColumn(List<String> columns) {
        for (int i = columns.size() - 2; i >= 0; i--) {
            if (columns.get(i).equals("log_likelihood") && columns.get(i + 1).equals("log_prior")) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Splits on the commas outside quotes; {@code starts[i]} is where field i begins, {@code starts[n]}
     * one past the end.
     */
    private static int split(String line, int[] starts, int max) {
        int n = 0;
        starts[0] = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                n++;
                if (n >= max) {
                    return n + 1;
                }
                starts[n] = i + 1;
            }
        }
        starts[n + 1] = line.length() + 1;
        return n + 1;
    }

    /** Whether {@code line} ends inside a quoted field: it holds an odd number of quotes. */
    private static boolean openQuote(String line) {
        int quotes = 0;
        for (int i = line.indexOf('"'); i >= 0; i = line.indexOf('"', i + 1)) {
            quotes++;
        }
        return quotes % 2 == 1;
    }

    private static String field(String line, int[] starts, int i) {
        return line.substring(starts[i], starts[i + 1] - 1).strip();
    }

    /** RFC 4180 fields of one line: quoted fields may hold commas, {@code ""} is a quote. */
    static List<String> splitHeader(Path file, String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw corrupt(file, 1, "unterminated quote in the header");
        }
        out.add(field.toString());
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static ConfigurationException corrupt(Path file, long line, String what) {
        return new ConfigurationException(null, file + ", line " + line + ": " + what
                + " (not a draws.csv written by 'replex run'?)");
    }

    /** The growing columns of one chain. */
    private static final class ChainColumns {
        private final double[] row;
        private double[][] columns;
        private long[] draws = new long[1024];
        private int size;

        ChainColumns(int d) {
            row = new double[d];
            columns = new double[d][1024];
        }

        double[] next(long draw) {
            if (size == draws.length) {
                int capacity = Math.max(size + 1, size + (size >> 1));
                draws = Arrays.copyOf(draws, capacity);
                for (int p = 0; p < columns.length; p++) {
                    columns[p] = Arrays.copyOf(columns[p], capacity);
                }
            }
            draws[size] = draw;
            return row;
        }

        void commit(double[] values) {
            for (int p = 0; p < values.length; p++) {
                columns[p][size] = values[p];
            }
            size++;
        }

        long[] draws() {
            return Arrays.copyOf(draws, size);
        }

        double[][] columns() {
            double[][] out = new double[columns.length][];
            for (int p = 0; p < columns.length; p++) {
                out[p] = Arrays.copyOf(columns[p], size);
            }
            return out;
        }
    }
}
